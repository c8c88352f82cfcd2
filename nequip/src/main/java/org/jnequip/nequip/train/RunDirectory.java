package org.jnequip.nequip.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jnequip.nequip.config.ConfigException;
import org.jnequip.nequip.files.AtomicFiles;
import org.jnequip.nequip.files.CheckedRead;
import org.jnequip.nequip.files.FileErrors;
import org.jnequip.nequip.io.Json;

/**
 * The files of a run in root/run_name:
 * <pre>
 *   config.json              the training config as given (plus resolved data paths)
 *   splits.json              data files and the frame indices of the train, validation and test splits
 *   metrics.csv              one row per epoch
 *   checkpoint.safetensors   everything needed to resume (see {@link Checkpoint})
 *   best_model.safetensors   the EMA weights with the best metrics_key so far (see ModelFile)
 * </pre>
 */
public record RunDirectory(Path dir) {
    public Path config() { return dir.resolve("config.json"); }
    public Path splits() { return dir.resolve("splits.json"); }
    public Path metrics() { return dir.resolve("metrics.csv"); }
    public Path checkpoint() { return dir.resolve("checkpoint.safetensors"); }
    public Path bestModel() { return dir.resolve("best_model.safetensors"); }
    public Path learningCurve() { return dir.resolve("learning_curve.png"); }

    /**
     * Fails if the directory already holds a run, saying what to do (resume it, or choose another name). A directory
     * that an earlier run left before it finished an epoch (config.json, splits.json, perhaps that epoch's model, but
     * no checkpoint and no metrics.csv) holds nothing worth keeping: it is reused, and the answer is true.
     */
    public boolean checkFresh() {
        if (!Files.isDirectory(dir)) return false;
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(dir + ": cannot list: " + FileErrors.reason(e), e);
        }
        if (names.contains(checkpoint().getFileName().toString()))
            throw new ConfigException("run_name", "run directory " + dir + " already exists and holds a run (checkpoint.safetensors); "
                    + "pass --resume to continue it, or choose another run_name or root, or remove " + dir);
        List<String> other = names.stream().filter(n -> !UNFINISHED.contains(n) && !isTemporary(n)).toList();
        if (!other.isEmpty())
            throw new ConfigException("run_name", "run directory " + dir + " already exists and holds " + other + " but no checkpoint to resume; "
                    + "choose another run_name or root, or remove " + dir);
        return !names.isEmpty();
    }

    /** What a run writes before its first checkpoint (the model of an epoch that never finished is worth nothing). */
    private static final java.util.Set<String> UNFINISHED = java.util.Set.of("config.json", "splits.json", "best_model.safetensors");

    private static boolean isTemporary(String name) { return name.startsWith(".") && name.endsWith(".tmp"); }

    public void create() throws IOException { Files.createDirectories(dir); }

    /** Removes temporary files an interrupted atomic write left behind (".name.123.tmp"). */
    public void removeTemporaries() throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (isTemporary(p.getFileName().toString()) && Files.isRegularFile(p)) Files.deleteIfExists(p);
            }
        }
    }

    public void writeSplits(TrainConfig c, TrainingData d) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset_file_name", c.datasetFile().toAbsolutePath().toString());
        m.put("dataset_frames", (long) d.frames().size());
        m.put("validation_dataset_file_name", c.validationFile() == null ? null : c.validationFile().toAbsolutePath().toString());
        m.put("train", d.trainIndex());
        m.put("validation", d.valIndex());
        m.put("test", d.testIndex());
        AtomicFiles.writeString(splits(), Json.write(m) + "\n");
    }

    /** The recorded splits of a run directory. */
    public record Splits(Path datasetFile, int datasetFrames, Path validationFile, int[] train, int[] validation, int[] test) {}

    public Splits readSplits() throws IOException {
        if (!Files.isRegularFile(splits())) throw new IllegalArgumentException(dir + ": no splits.json (not a training run directory?)");
        try {
            Map<String, Object> m = Json.obj(Json.parse(CheckedRead.text(splits(), "splits file", 1L << 30)));
            Object vf = m.get("validation_dataset_file_name");
            return new Splits(Path.of((String) m.get("dataset_file_name")), (int) Json.num(m.get("dataset_frames")),
                    vf == null ? null : Path.of((String) vf), ints(m.get("train")), ints(m.get("validation")), ints(m.get("test")));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException(splits() + ": damaged splits file (a field is missing or has the wrong type)", e);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(splits().toString())) throw e;
            throw new IllegalArgumentException(splits() + ": damaged splits file (" + e.getMessage() + ")", e);
        }
    }

    private static int[] ints(Object o) {
        List<Object> l = Json.arr(o);
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = (int) Json.num(l.get(i));
        return a;
    }

    public void writeConfig(TrainConfig c) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>(c.raw());
        m.put("dataset_file_name", c.datasetFile().toAbsolutePath().toString());
        if (c.validationFile() != null) m.put("validation_dataset_file_name", c.validationFile().toAbsolutePath().toString());
        AtomicFiles.writeString(config(), Json.write(m) + "\n");
    }

    /**
     * The config as a model file stores it: without {@code root}, and with the data files relative to the run
     * directory, so that a model carries no absolute path of the machine that trained it.
     */
    public static Map<String, Object> portable(TrainConfig c) {
        Map<String, Object> m = new LinkedHashMap<>(c.raw());
        m.remove("root");
        Path run = c.runDir().toAbsolutePath().normalize();
        m.put("dataset_file_name", relative(run, c.datasetFile()));
        if (c.validationFile() != null) m.put("validation_dataset_file_name", relative(run, c.validationFile()));
        return m;
    }

    private static String relative(Path run, Path file) {
        Path f = file.toAbsolutePath().normalize();
        return f.getRoot() != null && f.getRoot().equals(run.getRoot()) ? run.relativize(f).toString() : f.getFileName().toString();
    }

    /** Keys whose values differ between two raw configs, ignoring those allowed to change on resume. */
    public static List<String> changedKeys(Map<String, Object> saved, Map<String, Object> now) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(saved.keySet());
        keys.addAll(now.keySet());
        for (String k : keys) {
            if (TrainConfig.RESUMABLE_CHANGES.contains(k)) continue;
            if (!Json.write(saved.get(k)).equals(Json.write(normalise(now.get(k))))) out.add(k);
        }
        return out;
    }

    /** A YAML value as it reads back from JSON (integers → Long, nested maps/lists likewise). */
    static Object normalise(Object v) { return v == null ? null : Json.parse(Json.write(v)); }
}
