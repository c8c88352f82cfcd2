package org.jnequip.nequip.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jnequip.nequip.config.ConfigException;
import org.jnequip.nequip.config.ConfigMap;
import org.jnequip.nequip.files.CheckedRead;
import org.jnequip.nequip.model.ModelKeys;

/**
 * A training run's settings, read from a nequip-style key/value map (the YAML file) with the paper's Methods
 * defaults: AMSGrad, lr 0.005, batch size 5, EMA 0.99, ReduceLROnPlateau factor 0.8 / patience 50, loss
 * λ_F·MSE(F) + λ_E·MSE(E/N) on targets divided by the force RMS. Unknown keys, wrong types and out-of-range
 * values throw {@link ConfigException} naming the key and value. {@link #KEYS} lists every valid key.
 *
 * @param datasetFile           dataset_file_name (extxyz or npz), resolved
 * @param validationFile        validation_dataset_file_name or null (then train and val both come from datasetFile)
 * @param energyUnit            dataset_energy_unit, or null: kcal/mol for .npz (MD17), eV otherwise
 * @param chemicalSymbols       chemical_symbols, or null to take the species present in the data
 * @param model                 the model keys ({@link ModelKeys}); chemical_symbols, avg_num_neighbors (when auto) and the
 *                              rescaling are filled from the data when training starts
 * @param energyPerAtom         total_energy loss on E/N (PerAtomMSELoss, the default) rather than on E
 * @param schedulerOn           lr_scheduler_name is ReduceLROnPlateau (not none)
 * @param device                device: the backend to train on, "cpu" (default), "opencl" or "cuda"
 * @param raw                   the map as given, kept for the model file's metadata
 */
public record TrainConfig(Path root, String runName, long seed, long datasetSeed, Path datasetFile, Path validationFile,
                          String energyUnit, List<String> chemicalSymbols, ModelKeys.Values model, int nTrain, int nVal,
                          int batchSize, int validationBatchSize, boolean shuffle, double learningRate, int maxEpochs,
                          double forcesWeight, double energyWeight, boolean energyPerAtom, boolean amsgrad, double beta1,
                          double beta2, double eps, double weightDecay, boolean useEma, double emaDecay,
                          boolean emaUseNumUpdates, boolean schedulerOn, double schedulerFactor, int schedulerPatience,
                          double schedulerThreshold, double schedulerMinLr, Map<String, Integer> stopPatiences,
                          Map<String, Double> stopDeltas, Map<String, Double> stopLower, Map<String, Double> stopUpper,
                          String metricsKey, boolean reportInitValidation, String device, Map<String, Object> raw) {

    static final List<String> RUN_KEYS = List.of("root", "run_name", "seed", "dataset_seed", "dataset", "dataset_file_name",
            "validation_dataset", "validation_dataset_file_name", "dataset_energy_unit", "n_train",
            "n_val", "batch_size", "validation_batch_size", "shuffle", "learning_rate", "max_epochs", "loss_coeffs",
            "optimizer_name", "optimizer_amsgrad", "optimizer_betas", "optimizer_eps", "optimizer_weight_decay", "use_ema",
            "ema_decay", "ema_use_num_updates", "lr_scheduler_name", "lr_scheduler_factor", "lr_scheduler_patience",
            "lr_scheduler_threshold", "lr_scheduler_min_lr", "early_stopping_patiences", "early_stopping_delta",
            "early_stopping_lower_bounds", "early_stopping_upper_bounds", "metrics_key", "report_init_validation", "device");

    /** Every key a config may contain: the run keys and the model keys (those the data set are refused by name). */
    public static final Set<String> KEYS;
    static {
        Set<String> k = new LinkedHashSet<>(RUN_KEYS);
        k.addAll(ModelKeys.NAMES);
        KEYS = java.util.Collections.unmodifiableSet(k);
    }

    /**
     * Keys that may change when a run is resumed (everything else must match the checkpoint). {@code device} says
     * where to compute, not what: a run started on one machine may continue on another (agreeing to rounding).
     */
    public static final Set<String> RESUMABLE_CHANGES = Set.of("max_epochs", "early_stopping_patiences", "early_stopping_delta",
            "early_stopping_lower_bounds", "early_stopping_upper_bounds", "report_init_validation", "device");

    /**
     * Parses a config map. Relative data paths are looked up in {@code configDir} (the YAML file's folder, may
     * be null) first, then in {@code cwd}; the data files must exist. {@code root} is relative to {@code cwd}.
     */
    public static TrainConfig from(Map<String, Object> raw, Path cwd, Path configDir) {
        if (raw == null) throw new ConfigException(null, "the config is empty");
        ConfigMap r = new ConfigMap(raw);
        r.rejectUnknown(KEYS);
        if (!r.has("dataset_file_name")) throw new ConfigException("dataset_file_name", "key 'dataset_file_name' is required (an .extxyz or .npz file)");
        for (String k : List.of("n_train", "n_val"))
            if (!r.has(k)) throw new ConfigException(k, "key '" + k + "' is required (number of " + (k.equals("n_train") ? "training" : "validation") + " frames)");
        r.string("dataset", "ase", "ase", "npz", "extxyz");
        r.string("validation_dataset", "ase", "ase", "npz", "extxyz");
        long seed = r.integer("seed", 123, Long.MIN_VALUE, Long.MAX_VALUE);
        int batch = r.integer("batch_size", 5, 1);
        double lr = r.real("learning_rate", 0.005, 0, true, 10);
        r.string("optimizer_name", "Adam", "Adam");
        double[] betas = r.reals("optimizer_betas", new double[]{0.9, 0.999}, 2);
        for (double b : betas) if (!(b >= 0 && b < 1)) throw ConfigMap.bad("optimizer_betas", r.get("optimizer_betas"), "two numbers in [0, 1)");
        double[] loss = lossCoeffs(r);
        String sched = r.string("lr_scheduler_name", "ReduceLROnPlateau", "ReduceLROnPlateau", "none");
        Map<String, Double> lower = r.realMap("early_stopping_lower_bounds", Map.of("LR", 1e-5));
        Map<String, Integer> patiences = new LinkedHashMap<>();
        r.realMap("early_stopping_patiences", Map.of()).forEach((k, v) -> {
            if (v != Math.rint(v) || v < 1) throw ConfigMap.bad("early_stopping_patiences." + k, v, "an integer >= 1");
            patiences.put(k, (int) (double) v);
        });
        String unit = r.string("dataset_energy_unit", null);
        if (unit != null) {
            try {
                org.jnequip.nequip.data.Units.energyToEv(unit);
            } catch (IllegalArgumentException e) {
                throw ConfigMap.bad("dataset_energy_unit", unit, "one of eV, meV, kcal/mol, Hartree");
            }
        }
        ModelKeys.Values model = ModelKeys.read(raw, ModelKeys.Source.TRAINING);
        String metricsKey = r.string("metrics_key", "validation_loss");
        if (!metricsKey.startsWith("validation_") && !metricsKey.startsWith("training_"))
            throw ConfigMap.bad("metrics_key", metricsKey, "a metric name such as validation_loss or validation_f_mae");
        return new TrainConfig(cwd.resolve(r.string("root", "results")).normalize(), r.string("run_name", "run"), seed,
                r.integer("dataset_seed", seed, Long.MIN_VALUE, Long.MAX_VALUE),
                dataFile(r, "dataset_file_name", cwd, configDir), dataFile(r, "validation_dataset_file_name", cwd, configDir),
                unit, model.fromData(ModelKeys.CHEMICAL_SYMBOLS) ? null : model.get(ModelKeys.CHEMICAL_SYMBOLS), model,
                r.integer("n_train", 0, 1), r.integer("n_val", 0, 1), batch, r.integer("validation_batch_size", batch, 1),
                r.bool("shuffle", true), lr, r.integer("max_epochs", 1_000_000, 0), loss[0], loss[1], loss[2] != 0,
                r.bool("optimizer_amsgrad", true), betas[0], betas[1], r.real("optimizer_eps", 1e-8, 0, true, 1),
                r.real("optimizer_weight_decay", 0, 0, false, 1), r.bool("use_ema", true),
                r.real("ema_decay", 0.99, 0, false, 1), r.bool("ema_use_num_updates", true), sched.equals("ReduceLROnPlateau"),
                r.real("lr_scheduler_factor", 0.8, 0, true, 0.999999), r.integer("lr_scheduler_patience", 50, 0),
                r.real("lr_scheduler_threshold", 1e-4, 0, false, 1), r.real("lr_scheduler_min_lr", 0, 0, false, 10),
                patiences, r.realMap("early_stopping_delta", Map.of()), lower,
                r.realMap("early_stopping_upper_bounds", Map.of()), metricsKey, r.bool("report_init_validation", true),
                r.string("device", "cpu", "cpu", "opencl", "cuda"), new LinkedHashMap<>(raw));
    }

    /** loss_coeffs: {forces: λ_F, total_energy: λ_E | [λ_E, PerAtomMSELoss | MSELoss]} → {λ_F, λ_E, perAtom}. */
    private static double[] lossCoeffs(ConfigMap r) {
        Map<String, Object> m = r.mapping("loss_coeffs");
        if (m == null) return new double[]{1, 1, 1};
        double f = 0, e = 0, perAtom = 1;
        for (var en : m.entrySet()) {
            String k = "loss_coeffs." + en.getKey();
            Object v = en.getValue();
            boolean isE = en.getKey().equals("total_energy");
            if (!isE && !en.getKey().equals("forces"))
                throw new ConfigException(k, "key '" + k + "': unknown loss term; valid terms: forces, total_energy");
            double c;
            if (v instanceof List<?> l && isE && l.size() == 2 && l.get(1) instanceof String kind) {
                c = ConfigMap.toReal(k, l.get(0));
                if (kind.equals("MSELoss")) perAtom = 0;
                else if (!kind.equals("PerAtomMSELoss")) throw ConfigMap.bad(k, v, "[coefficient, PerAtomMSELoss | MSELoss]");
            } else c = ConfigMap.toReal(k, v);
            if (!(c >= 0) || Double.isInfinite(c)) throw ConfigMap.bad(k, v, "a number >= 0");
            if (isE) e = c; else f = c;
        }
        if (f == 0 && e == 0) throw new ConfigException("loss_coeffs", "key 'loss_coeffs': at least one of forces, total_energy must be > 0");
        return new double[]{f, e, perAtom};
    }

    private static Path dataFile(ConfigMap r, String key, Path cwd, Path configDir) {
        String name = r.string(key, null);
        if (name == null) return null;
        Path p = Path.of(name);
        if (p.isAbsolute()) {
            try {
                return CheckedRead.file(p, "data file");
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, "key '" + key + "': " + e.getMessage());
            }
        }
        Path a = configDir == null ? null : configDir.resolve(p).normalize(), b = cwd.resolve(p).normalize();
        if (a != null && Files.isRegularFile(a)) return a;
        if (Files.isRegularFile(b)) return b;
        throw new ConfigException(key, "key '" + key + "': data file not found: '" + name + "' (looked in "
                + (a != null && !a.equals(b) ? a.getParent() + " and " : "") + b.getParent() + ")");
    }

    /** The run directory root/run_name. */
    public Path runDir() { return root.resolve(runName); }

    /** A copy with another raw value for a key, re-parsed (tests and the CLI's overrides). */
    public static Map<String, Object> with(Map<String, Object> raw, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(raw);
        m.put(key, value);
        return m;
    }
}
