package org.jnequip.nequip.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jnequip.nequip.model.ModelKeys;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.tensor.Tensor;

/**
 * The deployable model file: the weights (nequip state_dict names) plus the model config and metadata, in the
 * {@link SafeTensors} layout so other tools can read it. Metadata keys (all strings):
 * <pre>
 *   format            "jnequip-model"          format_version  "1"
 *   jnequip_version   writer's version         config          NequipConfig as JSON ({@link ModelKeys#write})
 *   type_names        "C H O" (type order)     r_max           "4.0"
 *   n_species         "3"                      model_dtype     "float32" | "float64"
 *   energy_units      "eV"                     length_units    "Angstrom"
 * </pre>
 * plus any extra keys the caller passes (e.g. the training config and the best validation metrics).
 */
public final class ModelFile {
    private ModelFile() {}

    public static final String FORMAT = "jnequip-model";
    public static final String FORMAT_VERSION = "1";
    public static final String VERSION = "0.1.0";

    /** A loaded model file. */
    public record Contents(NequipConfig config, LinkedHashMap<String, Tensor> parameters, Map<String, String> metadata) {}

    public static Map<String, String> metadata(NequipConfig cfg, Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("format_version", FORMAT_VERSION);
        m.put("jnequip_version", VERSION);
        m.put("type_names", String.join(" ", cfg.chemicalSymbols()));
        m.put("n_species", Integer.toString(cfg.numTypes()));
        m.put("r_max", Double.toString(cfg.rMax()));
        m.put("model_dtype", cfg.dtype().pythonName());
        m.put("energy_units", "eV");
        m.put("length_units", "Angstrom");
        m.put("config", configJson(cfg));
        if (extra != null) extra.forEach((k, v) -> { if (!m.containsKey(k)) m.put(k, v); });
        return m;
    }

    /** The config as this file format stores it: {@link ModelKeys#write} as JSON (doubles in shortest exact form). */
    public static String configJson(NequipConfig cfg) { return Json.write(ModelKeys.write(cfg)); }

    /** The inverse of {@link #configJson}: every key must be present, and no other. */
    public static NequipConfig config(String json) {
        return ModelKeys.read(Json.obj(Json.parse(json)), ModelKeys.Source.MODEL_FILE).toConfig();
    }

    /** Atomically writes config + weights (+ extra metadata) to {@code file}. */
    public static void write(Path file, NequipConfig cfg, Map<String, Tensor> parameters, Map<String, String> extra) throws IOException {
        SafeTensors.write(file, metadata(cfg, extra), parameters);
    }

    /** Reads a model file; a non-finite weight is an error naming the tensor, since every prediction would be NaN. */
    public static Contents read(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format")))
            throw new IllegalArgumentException(file + ": not a JNequIP model file (metadata 'format' is " + meta.get("format") + ", expected " + FORMAT + ")");
        String cfg = meta.get("config");
        if (cfg == null) throw new IllegalArgumentException(file + ": model file has no 'config' metadata");
        c.tensors().forEach((name, t) -> {
            double[] v = t.toDoubleArray();
            for (int i = 0; i < v.length; i++)
                if (!Double.isFinite(v[i]))
                    throw new IllegalArgumentException(file + ": weight '" + name + "' holds " + v[i] + " at flat index " + i + " (a damaged or diverged model)");
        });
        try {
            return new Contents(config(cfg), c.tensors(), meta);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": bad model config: " + e.getMessage(), e);
        }
    }
}
