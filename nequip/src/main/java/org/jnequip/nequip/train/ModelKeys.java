package org.jnequip.nequip.train;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.tensor.DType;

/**
 * The model part of a training config, with nequip 0.6's keys and example.yaml defaults. Chemical symbols
 * and the rescaling (per-species shifts, force-RMS scale, avg_num_neighbors) come from the data, so this turns
 * into a {@link NequipConfig} only once the training statistics are known ({@link #toConfig}).
 *
 * @param avgNumNeighbors avg_num_neighbors: a fixed value, NaN for null (no normalisation); ignored when {@code avgAuto}
 * @param avgAuto         avg_num_neighbors: auto (mean neighbour count over the training set)
 */
public record ModelKeys(double rMax, int numLayers, int lMax, boolean parity, int numFeatures, int numBasis,
                        boolean besselTrainable, double polynomialCutoffP, int invariantLayers, int invariantNeurons,
                        String scalarsEven, String scalarsOdd, String gatesEven, String gatesOdd, boolean useSc,
                        boolean resnet, double avgNumNeighbors, boolean avgAuto, DType dtype) {

    static final List<String> KEYS = List.of("r_max", "num_layers", "l_max", "parity", "num_features", "num_basis",
            "BesselBasis_trainable", "PolynomialCutoff_p", "invariant_layers", "invariant_neurons", "nonlinearity_scalars",
            "nonlinearity_gates", "use_sc", "resnet", "avg_num_neighbors", "default_dtype", "model_dtype");

    static final String[] ACTIVATIONS = {"silu", "ssp", "tanh", "abs", "sigmoid", "relu"};

    static ModelKeys read(ConfigReader r) {
        String[] sc = evenOdd(r, "nonlinearity_scalars", "silu", "tanh");
        String[] gt = evenOdd(r, "nonlinearity_gates", "silu", "tanh");
        Object avg = r.get("avg_num_neighbors");        // absent or "auto": auto; null: none; a number: fixed
        boolean auto = avg == null ? !r.raw().containsKey("avg_num_neighbors") : "auto".equals(avg);
        double avgValue = Double.NaN;
        if (avg != null && !auto) {
            try {
                avgValue = r.real("avg_num_neighbors", Double.NaN, 0, true, Double.POSITIVE_INFINITY);
            } catch (ConfigException e) {
                throw ConfigReader.bad("avg_num_neighbors", avg, "auto, null or a number > 0");
            }
        }
        String dt = r.string("model_dtype", r.string("default_dtype", "float32", "float32", "float64"), "float32", "float64");
        return new ModelKeys(r.real("r_max", 4.0, 0, true, 1e3), r.integer("num_layers", 4, 1), r.integer("l_max", 2, 0),
                r.bool("parity", true), r.integer("num_features", 32, 1), r.integer("num_basis", 8, 1),
                r.bool("BesselBasis_trainable", true), r.real("PolynomialCutoff_p", 6.0, 0, true, 1e3),
                r.integer("invariant_layers", 2, 0), r.integer("invariant_neurons", 64, 1), sc[0], sc[1], gt[0], gt[1],
                r.bool("use_sc", true), r.bool("resnet", false), avgValue, auto, DType.parse(dt));
    }

    private static String[] evenOdd(ConfigReader r, String key, String e, String o) {
        Map<String, Object> m = r.mapping(key);
        if (m == null) return new String[]{e, o};
        for (String k : m.keySet())
            if (!Set.of("e", "o").contains(k)) throw ConfigReader.bad(key, m, "a mapping with keys e and o, e.g. {e: silu, o: tanh}");
        ConfigReader sub = new ConfigReader(m);
        return new String[]{sub.stringAs(key + ".e", "e", e, ACTIVATIONS), sub.stringAs(key + ".o", "o", o, ACTIVATIONS)};
    }

    /** The model config for these species and training statistics (scales/shifts in model units). */
    public NequipConfig toConfig(List<String> chemicalSymbols, double[] scales, double[] shifts, double globalScale, double avgNeighbors) {
        return new NequipConfig(chemicalSymbols, rMax, numLayers, lMax, parity, numFeatures, numBasis, besselTrainable,
                polynomialCutoffP, invariantLayers, invariantNeurons, scalarsEven, scalarsOdd, gatesEven, gatesOdd, useSc,
                resnet, avgNeighbors, scales, shifts, globalScale, dtype);
    }
}
