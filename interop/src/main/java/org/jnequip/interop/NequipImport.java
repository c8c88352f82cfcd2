package org.jnequip.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.e3.Irreps;
import org.jnequip.nequip.data.Elements;
import org.jnequip.nequip.io.torch.TorchCheckpoint;
import org.jnequip.nequip.io.torch.TorchScriptArchive;
import org.jnequip.nequip.io.torch.TorchTensor;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.nequip.model.NequipStateDict;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * nequip 0.6 models → JNequIP: a run directory ({@code config.yaml} + a {@code torch.save} state dict) or a
 * deployed TorchScript model ({@code extra/config} + its module tree). Everything is derived from the config,
 * the {@code extra/} records and the tensors' own shapes, and then checked against the state dict nequip 0.6.2
 * builds for that config ({@link NequipStateDict}): same names, shapes and dtypes, derived buffers
 * (output masks, Wigner 3j) equal to JNequIP's, every value finite. What JNequIP cannot compute — other model
 * builders, per-module overrides, norm nonlinearities, a global energy shift, other nequip versions, config keys
 * that may change the model and that it does not know ({@link NequipConfigMapping}) — is refused with the key or
 * tensor named.
 */
final class NequipImport {
    private NequipImport() {}

    static final List<String> OUTPUTS = List.of("ForceOutput", "StressForceOutput");

    /** A run directory's config and one of its state dicts (best_model.pth, last_model.pth). */
    static ModelSources.Loaded run(Path config, Path stateDict, DType dtype) throws IOException {
        NequipYaml cfg = NequipYaml.read(config);
        check(stateDict.toString(), cfg, str(cfg.values().get("nequip_version")));
        Map<String, TorchTensor> sd = TorchCheckpoint.read(stateDict).tensors();
        Map<String, String> versions = versions(cfg.values(), Map.of());
        return build(ModelSources.Kind.NEQUIP_RUN, stateDict, cfg, sd, versions, dtype);
    }

    /** A deployed model: extra/config for the model keys, extra/* for versions and metadata. */
    static ModelSources.Loaded deployed(Path file, DType dtype) throws IOException {
        TorchScriptArchive a = TorchScriptArchive.read(file);
        String where = file.toString();
        String version = a.extra().get("nequip_version");
        if (version == null || version.isBlank()) throw new IllegalArgumentException(where + ": no extra/nequip_version: not a model deployed by nequip 0.6 (nequip-deploy build)");
        if (!a.extra().containsKey("config")) throw new IllegalArgumentException(where + ": no extra/config: not a model deployed by nequip 0.6");
        NequipYaml cfg = NequipYaml.parse(a.extra().get("config"), where + ": extra/config");
        check(where, cfg, version);
        if (!a.rootClass().equals("__torch__.nequip.nn._graph_model.GraphModel"))
            throw new IllegalArgumentException(where + ": root module is " + a.rootClass() + ", not nequip 0.6's GraphModel");
        agree(where, "r_max", a.extra().get("r_max"), cfg.values().get("r_max"));
        agree(where, "model_dtype", a.extra().get("model_dtype"), cfg.values().get("model_dtype"));
        agree(where, "type_names", a.extra().get("type_names"), cfg.values().get("type_names") instanceof List<?> l ? String.join(" ", l.stream().map(String::valueOf).toList()) : null);
        return build(ModelSources.Kind.NEQUIP_DEPLOYED, file, cfg, a.tensors(), versions(cfg.values(), a.extra()), dtype);
    }

    /** Version, builders and options JNequIP cannot compute. */
    private static void check(String file, NequipYaml cfg, String version) {
        if (version == null) throw new IllegalArgumentException(cfg.file() + ": no nequip_version: not a config written by nequip 0.6");
        if (!version.matches("0\\.6\\.[0-9]+.*"))
            throw new IllegalArgumentException(file + ": written by nequip " + version + "; only nequip 0.6.x models are read (other versions name and build their models differently)");
        Map<String, Object> v = cfg.values();
        List<String> builders = builders(cfg);
        List<String> expected = List.of("SimpleIrrepsConfig", "EnergyModel", "PerSpeciesRescale", "*", "RescaleEnergyEtc");
        for (int i = 0; i < Math.max(builders.size(), expected.size()); i++) {
            String got = i < builders.size() ? builders.get(i) : "(none)", want = i < expected.size() ? expected.get(i) : "(none)";
            if (want.equals("*") ? !OUTPUTS.contains(got) : !want.equals(got))
                throw new IllegalArgumentException(cfg.at("model_builders") + ": model builder " + got + " is not supported: JNequIP reads nequip 0.6's default model "
                        + "(SimpleIrrepsConfig, EnergyModel, PerSpeciesRescale, ForceOutput or StressForceOutput, RescaleEnergyEtc), got " + builders);
        }
        for (String k : List.of("r_max", "l_max", "parity", "num_features"))
            if (v.get(k) == null) throw new IllegalArgumentException(cfg.at(k) + ": " + k + " is missing; JNequIP builds the irreps from l_max, parity and num_features (SimpleIrrepsConfig)");
        option(cfg, "nonlinearity_type", "gate");
        option(cfg, "edge_sh_normalization", "component");
        option(cfg, "edge_sh_normalize", true);
        if (v.get("global_rescale_shift") != null) throw new IllegalArgumentException(cfg.at("global_rescale_shift") + ": global_rescale_shift is not supported (a global energy shift)");
    }

    private static List<String> builders(NequipYaml cfg) {
        Object b = cfg.values().get("model_builders");
        if (b == null) return List.of("SimpleIrrepsConfig", "EnergyModel", "PerSpeciesRescale", "StressForceOutput", "RescaleEnergyEtc");
        if (!(b instanceof List<?> l)) throw new IllegalArgumentException(cfg.at("model_builders") + ": model_builders is not a list");
        List<String> out = new ArrayList<>();
        for (Object o : l) out.add(String.valueOf(o).replaceFirst("^nequip\\.model\\.", ""));
        return out;
    }

    private static void option(NequipYaml cfg, String key, Object supported) {
        Object v = cfg.values().get(key);
        if (v != null && !v.equals(supported)) throw new IllegalArgumentException(cfg.at(key) + ": " + key + " " + v + " is not supported (only " + supported + ")");
    }

    private static ModelSources.Loaded build(ModelSources.Kind kind, Path path, NequipYaml cfg, Map<String, TorchTensor> sd, Map<String, String> versions, DType override) {
        String where = path.toString();
        Map<String, Object> v = cfg.values();
        List<String> typeNames = NequipTypes.typeNames(cfg), elements = NequipTypes.elements(cfg, typeNames);
        DType modelDtype = dtype(cfg, "model_dtype", v.containsKey("model_dtype") ? v.get("model_dtype") : v.getOrDefault("default_dtype", "float32"));
        DType defaultDtype = dtype(cfg, "default_dtype", v.getOrDefault("default_dtype", "float64"));
        for (var e : sd.entrySet()) finite(where, e.getKey(), e.getValue());
        NequipConfig c = NequipConfigMapping.toConfig(cfg, elements, modelDtype, rescale(where, sd, typeNames.size()));
        irreps(cfg, c);
        boolean stress = builders(cfg).contains("StressForceOutput");
        NequipModel probe = NequipModel.create(c, 0);
        LinkedHashMap<String, Tensor> want = NequipStateDict.of(probe, new NequipStateDict.Wrapping(stress, sd.get("model.scale_by").shape().length == 0, defaultDtype));
        NequipStateDictCheck.compare(where, want, sd);
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (String k : probe.parameterShapes().keySet()) params.put(k, sd.get(k).toTensor());
        NequipConfig loaded = override == null ? c : c.withDType(override);
        NequipModel m = NequipConfigMapping.build(loaded, params);
        ModelSources.Origin o = new ModelSources.Origin(kind, path, versions, modelDtype.pythonName(), defaultDtype.pythonName(), typeNames,
                c.rMax(), ModelSources.parameterCount(m), v);
        return new ModelSources.Loaded(m, o);
    }

    /** model.scale_by (() or empty), model.shift_by (empty), per_species_rescale.{scales, shifts} ((S) or empty). */
    private static NequipConfigMapping.Rescale rescale(String where, Map<String, TorchTensor> sd, int types) {
        for (String k : List.of("model.scale_by", "model.shift_by", NequipModel.P + "per_species_rescale.shifts", NequipModel.P + "per_species_rescale.scales"))
            if (!sd.containsKey(k)) throw new IllegalArgumentException(where + ": state dict lacks '" + k + "' (not nequip 0.6's RescaleEnergyEtc/PerSpeciesRescale model)");
        if (sd.get("model.shift_by").numel() != 0) throw new IllegalArgumentException(where + ": 'model.shift_by' is set: a global energy shift (global_rescale_shift) is not supported");
        TorchTensor scale = sd.get("model.scale_by");
        double global = scale.shape().length == 0 ? scale.toDoubles()[0] : 1.0;
        if (scale.shape().length != 0 && scale.numel() != 0) throw new IllegalArgumentException(where + ": 'model.scale_by' has shape " + java.util.Arrays.toString(scale.shape()) + ", expected () or (0,)");
        return new NequipConfigMapping.Rescale(perSpecies(where, sd, "scales", types), perSpecies(where, sd, "shifts", types), global);
    }

    private static double[] perSpecies(String where, Map<String, TorchTensor> sd, String which, int types) {
        TorchTensor t = sd.get(NequipModel.P + "per_species_rescale." + which);
        if (t.numel() == 0) return null;
        if (t.shape().length != 1 || t.shape()[0] != types)
            throw new IllegalArgumentException(where + ": 'per_species_rescale." + which + "' has shape " + java.util.Arrays.toString(t.shape()) + " for " + types + " types");
        return t.toDoubles();
    }

    /** The config's full irreps keys, when present, must be what SimpleIrrepsConfig derives. */
    private static void irreps(NequipYaml cfg, NequipConfig c) {
        for (var e : NequipConfigMapping.derivedIrreps(c).entrySet()) {
            Object got = cfg.values().get(e.getKey());
            if (got != null && !Irreps.parse(String.valueOf(got)).equals(Irreps.parse(e.getValue())))
                throw new IllegalArgumentException(cfg.at(e.getKey()) + ": " + e.getKey() + " '" + got + "' is not what l_max, parity and num_features give ('"
                        + e.getValue() + "'); JNequIP supports SimpleIrrepsConfig models only");
        }
    }

    private static void finite(String where, String name, TorchTensor t) {
        if (t.type() != TorchTensor.ScalarType.DOUBLE && t.type() != TorchTensor.ScalarType.FLOAT)
            throw new IllegalArgumentException(where + ": '" + name + "' holds " + t.type() + " values, not float32/float64");
        double[] d = t.toDoubles();
        for (int i = 0; i < d.length; i++)
            if (!Double.isFinite(d[i])) throw new IllegalArgumentException(where + ": '" + name + "' holds " + d[i] + " at element " + i + " (a damaged or diverged model)");
    }

    private static DType dtype(NequipYaml cfg, String key, Object v) {
        String s = String.valueOf(v).replaceFirst("^torch\\.", "");
        if (!s.equals("float32") && !s.equals("float64")) throw new IllegalArgumentException(cfg.at(key) + ": " + key + " '" + v + "' is not float32 or float64");
        return DType.parse(s);
    }

    private static void agree(String where, String key, String extra, Object config) {
        if (extra == null || config == null) return;
        boolean same = config instanceof Number n ? Double.parseDouble(extra.strip()) == n.doubleValue() : extra.strip().equals(String.valueOf(config));
        if (!same) throw new IllegalArgumentException(where + ": extra/" + key + " '" + extra + "' disagrees with the config's " + key + " '" + config + "'");
    }

    private static Map<String, String> versions(Map<String, Object> cfg, Map<String, String> extra) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : List.of("nequip_version", "e3nn_version", "torch_version")) {
            String val = extra.containsKey(k) ? extra.get(k) : str(cfg.get(k));
            if (val != null) out.put(k, val);
        }
        return out;
    }

    private static String str(Object o) { return o == null ? null : String.valueOf(o); }
}
