package org.jnequip.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jnequip.e3.Irreps;
import org.jnequip.nequip.config.ConfigException;
import org.jnequip.nequip.model.ModelKeys;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * Where nequip 0.6's config keys meet JNequIP's model, both ways. The model keys are read and written by
 * {@link ModelKeys} (the one table of model keys; {@code Source.NEQUIP}); this class adds what is particular to a
 * nequip run: the nequip 0.6.2 module defaults of keys a config.yaml leaves out, the rescaling taken from the state
 * dict (a config holds nequip's arguments, e.g. {@code dataset_forces_rms}, not the values), and a decision for
 * every key {@link ModelKeys} does not model ({@link ModelKeys.Values#unknown()}):
 * <pre>
 *   READ_BY_IMPORT   nequip-only model keys the importer checks itself (types, builders, options, irreps, versions)
 *   FROM_STATE_DICT  rescaling arguments and flags whose whole effect is in the state dict's values
 *   NOT_MODEL        training, data and logging keys (and the prefixes of such families): no effect on the outputs
 *   anything else    refused: nequip passes config keys to its model's modules by name, so an unknown key may
 *                    change energies or forces (a module-prefixed key such as layer1_convnet_resnet certainly does)
 * </pre>
 */
final class NequipConfigMapping {
    private NequipConfigMapping() {}

    /** nequip 0.6.2's module defaults (EnergyModel, ConvNetLayer, InteractionBlock, BesselBasis, PolynomialCutoff). */
    static final Map<String, Object> MODULE_DEFAULTS = Map.of(ModelKeys.NUM_LAYERS.name(), 3, ModelKeys.NUM_BASIS.name(), 8,
            ModelKeys.BESSEL_TRAINABLE.name(), true, ModelKeys.CUTOFF_P.name(), 6, ModelKeys.INVARIANT_LAYERS.name(), 1,
            ModelKeys.INVARIANT_NEURONS.name(), 8, ModelKeys.USE_SC.name(), true, ModelKeys.RESNET.name(), false,
            ModelKeys.NONLINEARITY_SCALARS.name(), Map.of("e", "silu", "o", "tanh"), ModelKeys.NONLINEARITY_GATES.name(), Map.of("e", "silu", "o", "tanh"));

    /** Keys outside ModelKeys that {@link NequipImport} and {@link NequipTypes} read and check. */
    static final Set<String> READ_BY_IMPORT = Set.of(
            "type_names", "chemical_symbol_to_type", "type_to_chemical_symbol", "num_types",                      // NequipTypes
            "model_builders", "nonlinearity_type", "edge_sh_normalization", "edge_sh_normalize", "global_rescale_shift", // NequipImport.check
            "chemical_embedding_irreps_out", "feature_irreps_hidden", "irreps_edge_sh", "conv_to_output_hidden_irreps_out", // NequipImport.irreps
            "nequip_version", "e3nn_version", "torch_version", "default_dtype");                                  // versions, dtypes

    /** Rescaling keys: the values they lead to are the state dict's scale_by and per_species_rescale.{scales, shifts}. */
    static final Set<String> FROM_STATE_DICT = Set.of(ModelKeys.PER_SPECIES_SCALES.name(), ModelKeys.PER_SPECIES_SHIFTS.name(),
            ModelKeys.GLOBAL_SCALE.name(), "per_species_rescale_trainable", "per_species_rescale_scales_trainable",
            "per_species_rescale_shifts_trainable", "per_species_rescale_arguments_in_dataset_units", "per_species_rescale_kwargs",
            "global_rescale_scale_trainable", "global_rescale_shift_trainable");

    /** Training, data and logging keys of nequip 0.6.2 (train.py's defaults, the Trainer, full.yaml): no effect on outputs. */
    static final Set<String> NOT_MODEL = Set.of("allow_tf32", "append", "ase_args", "batch_size", "code_commits", "dataloader_num_workers",
            "dataset", "device", "early_stopping", "ema_decay", "ema_use_num_updates", "equivariance_test", "exclude_keys", "gpu_oom_offload",
            "grad_anomaly_mode", "include_keys", "key_mapping", "learning_rate", "log_batch_freq", "log_epoch_freq", "loss_coeffs",
            "max_epochs", "max_gradient_norm", "metrics_components", "metrics_key", "model_debug_mode", "n_train", "n_train_per_epoch",
            "n_val", "npz_fixed_field_keys", "report_init_validation", "root", "run_name", "save_checkpoint_freq",
            "save_ema_checkpoint_freq", "seed", "shuffle", "tensorboard", "train_idcs", "train_on_keys", "train_val_split", "use_ema",
            "val_idcs", "validation_batch_size", "var_num_neighbors", "verbose", "wandb", "warn_unused");

    /** Families of training and data keys: dataset_*, validation_dataset*, optimizer_*, lr_scheduler_*, ..., *_callbacks. */
    private static final Pattern NOT_MODEL_FAMILY = Pattern.compile(
            "(dataset_|validation_dataset|optimizer_|lr_scheduler_|early_stopping_|wandb_|_jit_).*|.*_callbacks");

    /** Options of one module (nequip's instantiate reads prefix_param before param). */
    private static final Pattern MODULE_OPTION = Pattern.compile(
            "(layer\\d+_convnet|chemical_embedding|conv_to_output_hidden|output_hidden_to_scalar|radial_basis|spharm_edges|one_hot|total_energy_sum)_.+");

    /** Rescaling read from a state dict, in model units: per-species arrays (null = off) and the global scale. */
    record Rescale(double[] scales, double[] shifts, double globalScale) {}

    /**
     * A JNequIP config from a nequip config: the model keys through {@link ModelKeys#read} (nequip module defaults
     * for keys left out), the types' {@code elements} in type order, {@code dtype}, and the state dict's rescaling.
     * Errors name the file and line of the key.
     */
    static NequipConfig toConfig(NequipYaml cfg, List<String> elements, DType dtype, Rescale r) {
        Map<String, Object> m = new LinkedHashMap<>(cfg.values());
        m.keySet().removeAll(FROM_STATE_DICT);
        m.remove("default_dtype");              // dtype, read by NequipImport (nequip also writes "torch.float64")
        m.put(ModelKeys.CHEMICAL_SYMBOLS.name(), new ArrayList<>(elements));
        m.put(ModelKeys.MODEL_DTYPE.name(), dtype.pythonName());
        MODULE_DEFAULTS.forEach(m::putIfAbsent);
        try {
            ModelKeys.Values v = ModelKeys.read(m, ModelKeys.Source.NEQUIP);
            for (String k : v.unknown().keySet()) refuseIfItMayChangeTheModel(cfg, k);
            return v.with(ModelKeys.PER_SPECIES_SCALES, r.scales()).with(ModelKeys.PER_SPECIES_SHIFTS, r.shifts())
                    .with(ModelKeys.GLOBAL_SCALE, r.globalScale()).toConfig();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(cfg.locate(e), e);
        }
    }

    private static void refuseIfItMayChangeTheModel(NequipYaml cfg, String k) {
        if (READ_BY_IMPORT.contains(k) || NOT_MODEL.contains(k) || NOT_MODEL_FAMILY.matcher(k).matches()) return;
        if (MODULE_OPTION.matcher(k).matches())
            throw new IllegalArgumentException(cfg.at(k) + ": key '" + k + "' sets an option of one module, which JNequIP does not support");
        throw new IllegalArgumentException(cfg.at(k) + ": key '" + k + "' is not a nequip 0.6.2 key JNequIP knows; nequip hands config keys to its "
                + "model's modules by name, so it may change the model (remove it from the config if it only concerns training or data)");
    }

    /** A model of {@code cfg} holding the given nequip-named parameters (rescale buffers come from the config). */
    static NequipModel build(NequipConfig cfg, Map<String, Tensor> parameters) {
        NequipModel m = NequipModel.create(cfg, 0);
        m.loadParameters(parameters);
        return m;
    }

    /**
     * The model keys of nequip's config.yaml for {@code c}: {@link ModelKeys#write} (less chemical_symbols, which
     * {@link NequipExport} writes with the other type keys), the rescaling in dataset units as nequip's arguments
     * are, and the keys only nequip has (builders, the irreps SimpleIrrepsConfig derives, the gate, no global shift).
     */
    static Map<String, Object> modelKeys(NequipConfig c, String outputBuilder) {
        Map<String, Object> m = new LinkedHashMap<>(ModelKeys.write(c));
        m.remove(ModelKeys.CHEMICAL_SYMBOLS.name());
        double p = c.polynomialCutoffP();
        if (p == Math.rint(p)) m.put(ModelKeys.CUTOFF_P.name(), (long) p);       // nequip's default is the int 6
        m.put(ModelKeys.PER_SPECIES_SCALES.name(), datasetUnits(c.perSpeciesScales(), c.globalScale()));
        m.put(ModelKeys.PER_SPECIES_SHIFTS.name(), datasetUnits(c.perSpeciesShifts(), c.globalScale()));
        m.put("model_builders", List.of("SimpleIrrepsConfig", "EnergyModel", "PerSpeciesRescale", outputBuilder, "RescaleEnergyEtc"));
        m.putAll(derivedIrreps(c));
        m.put("nonlinearity_type", "gate");
        m.put("global_rescale_shift", null);
        return m;
    }

    /** The irreps keys SimpleIrrepsConfig derives from l_max, parity and num_features. */
    static Map<String, String> derivedIrreps(NequipConfig c) {
        StringBuilder hidden = new StringBuilder();    // F×(l, p) for p in (e, o if parity), l in 0..l_max
        for (char p : c.parity() ? new char[]{'e', 'o'} : new char[]{'e'})
            for (int l = 0; l <= c.lMax(); l++) hidden.append(hidden.isEmpty() ? "" : "+").append(c.numFeatures()).append('x').append(l).append(p);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("chemical_embedding_irreps_out", c.numFeatures() + "x0e");
        m.put("irreps_edge_sh", Irreps.sphericalHarmonics(c.lMax(), c.parity() ? -1 : 1).toString());
        m.put("feature_irreps_hidden", hidden.toString());
        m.put("conv_to_output_hidden_irreps_out", Math.max(1, c.numFeatures() / 2) + "x0e");
        return m;
    }

    private static List<Double> datasetUnits(double[] v, double scale) {
        if (v == null) return null;
        List<Double> out = new ArrayList<>();
        for (double x : v) out.add(x * scale);
        return out;
    }
}
