package org.jnequip.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.nequip.files.CheckedRead;
import org.jnequip.nequip.io.Json;
import org.jnequip.nequip.io.ModelFile;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * The one entry point that turns a path into a model, whatever wrote it:
 * <pre>
 *   JNequIP model file (.safetensors) or JNequIP run directory (best_model.safetensors)
 *   nequip 0.6 run directory (config.yaml + best_model.pth), or one of its .pth state dicts
 *   nequip 0.6 deployed model (TorchScript zip from nequip-deploy build)
 * </pre>
 * {@snippet :
 * ModelSources.Loaded m = ModelSources.load(Path.of("deployed.pth"));
 * m.model().predict(batch, false, true);                 // a NequipModel like any other
 * System.out.println(m.origin().describe());            // nequip 0.6.2 deployed model, float64, species H C O, ...
 * }
 */
public final class ModelSources {
    private ModelSources() {}

    public enum Kind { JNEQUIP, NEQUIP_RUN, NEQUIP_DEPLOYED }

    /**
     * Where a model came from.
     *
     * @param versions     code versions recorded by the writer (nequip_version, e3nn_version, torch_version, jnequip_version)
     * @param trainingConfig the training config recorded with the model, in nequip's key names: config.yaml or
     *                     extra/config for nequip sources, the {@code train_config} metadata of JNequIP files; or null
     */
    public record Origin(Kind kind, Path path, Map<String, String> versions, String modelDtype, String defaultDtype,
                         List<String> typeNames, double rMax, long parameterCount, Map<String, Object> trainingConfig) {
        public String describe() {
            String what = switch (kind) {
                case JNEQUIP -> "JNequIP model";
                case NEQUIP_RUN -> "nequip " + versions.get("nequip_version") + " training run";
                case NEQUIP_DEPLOYED -> "nequip " + versions.get("nequip_version") + " deployed model";
            };
            return what + ", " + modelDtype + ", species " + String.join(" ", typeNames) + ", r_max " + rMax + ", " + parameterCount + " parameters";
        }
    }

    /** A model and its origin. */
    public record Loaded(NequipModel model, Origin origin) {}

    /** Loads a model in the dtype it was saved in. */
    public static Loaded load(Path source) throws IOException { return load(source, null); }

    /** Loads a model, optionally converted to {@code dtype} (null = as saved). */
    public static Loaded load(Path source, DType dtype) throws IOException {
        return switch (kind(source)) {
            case JNEQUIP -> jnequip(Files.isDirectory(source) ? source.resolve("best_model.safetensors") : source, dtype);
            case NEQUIP_RUN -> Files.isDirectory(source) ? NequipImport.run(source.resolve("config.yaml"), source.resolve("best_model.pth"), dtype)
                    : NequipImport.run(configBeside(source), source, dtype);
            case NEQUIP_DEPLOYED -> NequipImport.deployed(source, dtype);
        };
    }

    /** What a path holds, from its layout and first bytes. */
    public static Kind kind(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            if (Files.isRegularFile(p.resolve("best_model.safetensors"))) return Kind.JNEQUIP;
            if (Files.isRegularFile(p.resolve("config.yaml")) && Files.isRegularFile(p.resolve("best_model.pth"))) return Kind.NEQUIP_RUN;
            throw new IllegalArgumentException(p + ": neither a JNequIP run (best_model.safetensors) nor a nequip run directory (config.yaml + best_model.pth)");
        }
        CheckedRead.file(p, "model file");
        if (!isZip(p)) return Kind.JNEQUIP;
        if (org.jnequip.nequip.io.torch.TorchZip.read(p).has("constants.pkl")) return Kind.NEQUIP_DEPLOYED;   // TorchScript archives have one
        if (Files.isRegularFile(configBeside(p))) return Kind.NEQUIP_RUN;
        throw new IllegalArgumentException(p + ": a torch.save state dict without the config.yaml nequip keeps beside it (pass the run directory, or a deployed model)");
    }

    private static Path configBeside(Path stateDict) {
        Path dir = stateDict.toAbsolutePath().getParent();
        return dir.resolve("config.yaml");
    }

    private static boolean isZip(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
        }
    }

    private static Loaded jnequip(Path file, DType dtype) throws IOException {
        ModelFile.Contents c = ModelFile.read(file);
        DType dt = dtype == null ? c.config().dtype() : dtype;
        NequipModel m = NequipModel.create(c.config().withDType(dt), 0);
        LinkedHashMap<String, Tensor> values = new LinkedHashMap<>();
        c.parameters().forEach((k, v) -> values.put(k, v.to(dt)));
        try {
            m.loadParameters(values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": weights do not fit the model config: " + e.getMessage(), e);
        }
        Map<String, String> versions = new LinkedHashMap<>();
        for (String k : List.of("jnequip_version", "nequip_version", "e3nn_version", "torch_version", "converted_from"))
            if (c.metadata().containsKey(k)) versions.put(k, c.metadata().get(k));
        String tc = c.metadata().get("train_config");
        Origin o = new Origin(Kind.JNEQUIP, file, versions, c.config().dtype().pythonName(), null, c.config().chemicalSymbols(),
                c.config().rMax(), parameterCount(m), tc == null ? null : Json.obj(Json.parse(tc)));
        return new Loaded(m, o);
    }

    static long parameterCount(NequipModel m) {
        long n = 0;
        for (int[] s : m.parameterShapes().values()) {
            long k = 1;
            for (int d : s) k *= d;
            n += k;
        }
        return n;
    }
}
