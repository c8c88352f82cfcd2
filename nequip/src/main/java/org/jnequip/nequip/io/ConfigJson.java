package org.jnequip.nequip.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.tensor.DType;

/**
 * {@link NequipConfig} to and from a JSON object with nequip's key names (r_max, num_layers, l_max, ...,
 * per_species_rescale_shifts, global_rescale_scale, model_dtype). Doubles are written in their shortest exact
 * decimal form, so a round trip is bit-exact; avg_num_neighbors = NaN (no normalisation) is written as null.
 */
public final class ConfigJson {
    private ConfigJson() {}

    public static Map<String, Object> toMap(NequipConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chemical_symbols", new ArrayList<Object>(c.chemicalSymbols()));
        m.put("r_max", c.rMax());
        m.put("num_layers", (long) c.numLayers());
        m.put("l_max", (long) c.lMax());
        m.put("parity", c.parity());
        m.put("num_features", (long) c.numFeatures());
        m.put("num_basis", (long) c.numBasis());
        m.put("BesselBasis_trainable", c.besselTrainable());
        m.put("PolynomialCutoff_p", c.polynomialCutoffP());
        m.put("invariant_layers", (long) c.invariantLayers());
        m.put("invariant_neurons", (long) c.invariantNeurons());
        m.put("nonlinearity_scalars", eo(c.scalarsEven(), c.scalarsOdd()));
        m.put("nonlinearity_gates", eo(c.gatesEven(), c.gatesOdd()));
        m.put("use_sc", c.useSc());
        m.put("resnet", c.resnet());
        m.put("avg_num_neighbors", Double.isNaN(c.avgNumNeighbors()) ? null : c.avgNumNeighbors());
        m.put("per_species_rescale_scales", c.perSpeciesScales() == null ? null : list(c.perSpeciesScales()));
        m.put("per_species_rescale_shifts", c.perSpeciesShifts() == null ? null : list(c.perSpeciesShifts()));
        m.put("global_rescale_scale", c.globalScale());
        m.put("model_dtype", c.dtype().pythonName());
        return m;
    }

    public static String toJson(NequipConfig c) { return Json.write(toMap(c)); }

    public static NequipConfig fromJson(String json) { return fromMap(Json.obj(Json.parse(json))); }

    public static NequipConfig fromMap(Map<String, Object> m) {
        List<String> symbols = new ArrayList<>();
        for (Object o : Json.arr(need(m, "chemical_symbols"))) symbols.add((String) o);
        Map<String, Object> sc = Json.obj(need(m, "nonlinearity_scalars")), gt = Json.obj(need(m, "nonlinearity_gates"));
        Object avg = m.get("avg_num_neighbors");
        return new NequipConfig(symbols, num(m, "r_max"), (int) num(m, "num_layers"), (int) num(m, "l_max"),
                (Boolean) need(m, "parity"), (int) num(m, "num_features"), (int) num(m, "num_basis"),
                (Boolean) need(m, "BesselBasis_trainable"), num(m, "PolynomialCutoff_p"), (int) num(m, "invariant_layers"),
                (int) num(m, "invariant_neurons"), (String) sc.get("e"), (String) sc.get("o"), (String) gt.get("e"),
                (String) gt.get("o"), (Boolean) need(m, "use_sc"), (Boolean) need(m, "resnet"),
                avg == null ? Double.NaN : Json.num(avg), doubles(m.get("per_species_rescale_scales")),
                doubles(m.get("per_species_rescale_shifts")), num(m, "global_rescale_scale"), DType.parse((String) need(m, "model_dtype")));
    }

    private static Map<String, Object> eo(String e, String o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("e", e);
        m.put("o", o);
        return m;
    }

    private static List<Object> list(double[] a) {
        List<Object> l = new ArrayList<>();
        for (double v : a) l.add(v);
        return l;
    }

    private static double[] doubles(Object o) {
        if (o == null) return null;
        List<Object> l = Json.arr(o);
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = Json.num(l.get(i));
        return a;
    }

    private static Object need(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) throw new IllegalArgumentException("model config: missing key '" + key + "'");
        return v;
    }

    private static double num(Map<String, Object> m, String key) {
        if (!(need(m, key) instanceof Number n)) throw new IllegalArgumentException("model config: key '" + key + "' is not a number: " + m.get(key));
        return n.doubleValue();
    }
}
