package org.jnequip.nequip.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jnequip.tensor.DType;

/**
 * Builds a {@link NequipConfig} from a map with nequip's key names (as parsed from a nequip YAML config or
 * from a golden file's {@code config}). Missing keys take nequip 0.6.2 example.yaml defaults. Wrong types
 * are reported with the key name.
 */
public final class NequipConfigs {
    private NequipConfigs() {}

    /** The model keys this converter understands. */
    public static final List<String> MODEL_KEYS = List.of("chemical_symbols", "r_max", "num_layers", "l_max", "parity",
            "num_features", "num_basis", "BesselBasis_trainable", "PolynomialCutoff_p", "invariant_layers", "invariant_neurons",
            "nonlinearity_scalars", "nonlinearity_gates", "use_sc", "resnet", "avg_num_neighbors",
            "per_species_rescale_scales", "per_species_rescale_shifts", "global_rescale_scale", "model_dtype", "default_dtype");

    public static NequipConfig fromMap(Map<String, Object> m) {
        Object syms = m.get("chemical_symbols");
        if (!(syms instanceof List<?> l) || l.isEmpty()) throw new IllegalArgumentException("chemical_symbols: expected a non-empty list of element symbols, got " + syms);
        List<String> symbols = new ArrayList<>();
        for (Object o : l) symbols.add(String.valueOf(o));
        NequipConfig d = NequipConfig.defaults(symbols);
        Map<?, ?> ns = map(m, "nonlinearity_scalars"), ng = map(m, "nonlinearity_gates");
        Object avg = m.get("avg_num_neighbors");
        double avgN = avg == null || "auto".equals(avg) ? Double.NaN : num("avg_num_neighbors", avg);
        String dtype = m.containsKey("model_dtype") ? String.valueOf(m.get("model_dtype")) : m.containsKey("default_dtype") ? String.valueOf(m.get("default_dtype")) : "float32";
        Object gs = m.get("global_rescale_scale");
        return new NequipConfig(symbols,
                num(m, "r_max", d.rMax()), (int) num(m, "num_layers", d.numLayers()), (int) num(m, "l_max", d.lMax()),
                bool(m, "parity", d.parity()), (int) num(m, "num_features", d.numFeatures()), (int) num(m, "num_basis", d.numBasis()),
                bool(m, "BesselBasis_trainable", d.besselTrainable()), num(m, "PolynomialCutoff_p", d.polynomialCutoffP()),
                (int) num(m, "invariant_layers", d.invariantLayers()), (int) num(m, "invariant_neurons", d.invariantNeurons()),
                str(ns, "e", d.scalarsEven()), str(ns, "o", d.scalarsOdd()), str(ng, "e", d.gatesEven()), str(ng, "o", d.gatesOdd()),
                bool(m, "use_sc", d.useSc()), bool(m, "resnet", d.resnet()), avgN,
                nums(m, "per_species_rescale_scales"), nums(m, "per_species_rescale_shifts"),
                gs == null ? 1.0 : num("global_rescale_scale", gs), DType.parse(dtype));
    }

    private static Map<?, ?> map(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (v == null) return Map.of();
        if (v instanceof Map<?, ?> mm) return mm;
        throw new IllegalArgumentException(k + ": expected a map like {e: silu, o: tanh}, got " + v);
    }

    private static String str(Map<?, ?> m, String k, String def) {
        Object v = m.get(k);
        return v == null ? def : String.valueOf(v);
    }

    private static double num(Map<String, Object> m, String k, double def) {
        Object v = m.get(k);
        return v == null ? def : num(k, v);
    }

    private static double num(String k, Object v) {
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException(k + ": expected a number, got " + v);
    }

    private static boolean bool(Map<String, Object> m, String k, boolean def) {
        Object v = m.get(k);
        if (v == null) return def;
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException(k + ": expected true or false, got " + v);
    }

    private static double[] nums(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (v == null) return null;
        if (!(v instanceof List<?> l)) throw new IllegalArgumentException(k + ": expected a list of numbers, got " + v);
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = num(k, l.get(i));
        return out;
    }
}
