package org.jnequip.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.e3.Irreps;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.model.NequipConfigs;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * The one place where nequip 0.6's config keys and state-dict names meet JNequIP's model API, both ways:
 * nequip keys + per-species/global rescale → {@link NequipConfig} (through {@link NequipConfigs#fromMap}),
 * nequip-named weights → {@link NequipModel} (through {@link NequipModel#loadParameters}), and a model's
 * config → the model keys nequip's {@code config.yaml} holds. Keys a nequip config leaves out take nequip
 * 0.6.2's module defaults ({@link #MODULE_DEFAULTS}), not JNequIP's example.yaml defaults.
 */
final class NequipConfigMapping {
    private NequipConfigMapping() {}

    /** Defaults of the nequip 0.6.2 modules (EnergyModel, ConvNetLayer, InteractionBlock, BesselBasis, PolynomialCutoff). */
    static final Map<String, Object> MODULE_DEFAULTS = Map.of("num_layers", 3, "num_basis", 8, "BesselBasis_trainable", true,
            "PolynomialCutoff_p", 6, "invariant_layers", 1, "invariant_neurons", 8, "use_sc", true, "resnet", false,
            "nonlinearity_scalars", Map.of("e", "silu", "o", "tanh"), "nonlinearity_gates", Map.of("e", "silu", "o", "tanh"));

    /** The keys passed on to {@link NequipConfigs#fromMap}; r_max, l_max, parity and num_features have no default. */
    static final List<String> KEYS = List.of("r_max", "num_layers", "l_max", "parity", "num_features", "num_basis", "BesselBasis_trainable",
            "PolynomialCutoff_p", "invariant_layers", "invariant_neurons", "nonlinearity_scalars", "nonlinearity_gates", "use_sc", "resnet");

    /** Rescaling read from a state dict, in model units: per-species arrays (null = off) and the global scale. */
    record Rescale(double[] scales, double[] shifts, double globalScale) {}

    /** A JNequIP config from nequip keys; {@code elements} are the chemical symbols of the types in type order. */
    static NequipConfig toConfig(Map<String, Object> nequip, List<String> elements, DType dtype, Rescale r, double avgNumNeighbors) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chemical_symbols", new ArrayList<>(elements));
        for (String k : KEYS) m.put(k, nequip.containsKey(k) ? nequip.get(k) : MODULE_DEFAULTS.get(k));
        m.put("model_dtype", dtype.pythonName());
        return NequipConfigs.fromMap(m).withRescale(r.scales(), r.shifts(), r.globalScale(), avgNumNeighbors);
    }

    /** A model of {@code cfg} holding the given nequip-named parameters (rescale buffers come from the config). */
    static NequipModel build(NequipConfig cfg, Map<String, Tensor> parameters) {
        NequipModel m = NequipModel.create(cfg, 0);
        m.loadParameters(parameters);
        return m;
    }

    /** The model keys of nequip's config.yaml for {@code c}, rescale values in dataset units as nequip's arguments are. */
    static Map<String, Object> modelKeys(NequipConfig c, String outputBuilder) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_builders", List.of("SimpleIrrepsConfig", "EnergyModel", "PerSpeciesRescale", outputBuilder, "RescaleEnergyEtc"));
        m.put("r_max", c.rMax());
        m.put("num_layers", c.numLayers());
        m.put("l_max", c.lMax());
        m.put("parity", c.parity());
        m.put("num_features", c.numFeatures());
        m.put("chemical_embedding_irreps_out", c.numFeatures() + "x0e");
        m.put("irreps_edge_sh", Irreps.sphericalHarmonics(c.lMax(), c.parity() ? -1 : 1).toString());
        m.put("feature_irreps_hidden", hiddenIrreps(c));
        m.put("conv_to_output_hidden_irreps_out", Math.max(1, c.numFeatures() / 2) + "x0e");
        m.put("num_basis", c.numBasis());
        m.put("BesselBasis_trainable", c.besselTrainable());
        m.put("PolynomialCutoff_p", c.polynomialCutoffP() == Math.rint(c.polynomialCutoffP()) ? (Object) (long) c.polynomialCutoffP() : c.polynomialCutoffP());
        m.put("invariant_layers", c.invariantLayers());
        m.put("invariant_neurons", c.invariantNeurons());
        m.put("nonlinearity_type", "gate");
        m.put("nonlinearity_scalars", eo(c.scalarsEven(), c.scalarsOdd()));
        m.put("nonlinearity_gates", eo(c.gatesEven(), c.gatesOdd()));
        m.put("use_sc", c.useSc());
        m.put("resnet", c.resnet());
        m.put("avg_num_neighbors", Double.isNaN(c.avgNumNeighbors()) ? null : c.avgNumNeighbors());
        m.put("global_rescale_scale", c.globalScale());
        m.put("global_rescale_shift", null);
        m.put("per_species_rescale_scales", datasetUnits(c.perSpeciesScales(), c.globalScale()));
        m.put("per_species_rescale_shifts", datasetUnits(c.perSpeciesShifts(), c.globalScale()));
        m.put("model_dtype", c.dtype().pythonName());
        return m;
    }

    /** SimpleIrrepsConfig's feature_irreps_hidden: F×(l, p) for p in (e, o if parity), l in 0..l_max. */
    static String hiddenIrreps(NequipConfig c) {
        StringBuilder s = new StringBuilder();
        for (char p : c.parity() ? new char[]{'e', 'o'} : new char[]{'e'})
            for (int l = 0; l <= c.lMax(); l++) s.append(s.isEmpty() ? "" : "+").append(c.numFeatures()).append('x').append(l).append(p);
        return s.toString();
    }

    private static Map<String, Object> eo(String e, String o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("e", e);
        m.put("o", o);
        return m;
    }

    private static List<Double> datasetUnits(double[] v, double scale) {
        if (v == null) return null;
        List<Double> out = new ArrayList<>();
        for (double x : v) out.add(x * scale);
        return out;
    }
}
