package org.jnequip.nequip.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jnequip.nequip.files.AtomicFiles;
import org.jnequip.nequip.io.Json;
import org.jnequip.nequip.io.ModelFile;
import org.jnequip.nequip.io.SafeTensors;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.tensor.Tensor;

/**
 * A resumable training checkpoint in the {@link SafeTensors} layout. Tensors: {@code model/<name>} (current
 * weights and buffers), {@code ema/<name>} (float64 averages), {@code optim/m.<name>}, {@code optim/v.<name>},
 * {@code optim/vmax.<name>} (float64 AMSGrad moments). Metadata: {@code format} = "jnequip-checkpoint",
 * {@code config} (model config JSON), {@code train_config} (the run's config map as JSON) and {@code state}
 * ({@link TrainState} JSON). Written atomically, so a crash leaves the previous checkpoint intact.
 */
public record Checkpoint(NequipConfig model, Map<String, Object> trainConfig, LinkedHashMap<String, Tensor> weights,
                         LinkedHashMap<String, Tensor> ema, LinkedHashMap<String, Tensor> optimizer, TrainState state) {

    public static final String FORMAT = "jnequip-checkpoint";

    public byte[] encode() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", "1");
        meta.put("config", ModelFile.configJson(model));
        meta.put("train_config", Json.write(trainConfig));
        meta.put("state", state.toJson());
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        weights.forEach((k, v) -> t.put("model/" + k, v));
        ema.forEach((k, v) -> t.put("ema/" + k, v));
        optimizer.forEach((k, v) -> t.put("optim/" + k, v));
        return SafeTensors.encode(meta, t);
    }

    public void write(Path file) throws IOException {
        byte[] bytes = encode();
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    public static Checkpoint read(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format")))
            throw new IllegalArgumentException(file + ": not a JNequIP checkpoint (metadata 'format' is " + meta.get("format") + ")");
        LinkedHashMap<String, Tensor> w = new LinkedHashMap<>(), e = new LinkedHashMap<>(), o = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> {
            int slash = k.indexOf('/');
            String group = slash < 0 ? "" : k.substring(0, slash), name = k.substring(slash + 1);
            switch (group) {
                case "model" -> w.put(name, v);
                case "ema" -> e.put(name, v);
                case "optim" -> o.put(name, v);
                default -> throw new IllegalArgumentException(file + ": unexpected tensor '" + k + "' in checkpoint");
            }
        });
        try {
            return new Checkpoint(ModelFile.config(meta.get("config")), Json.obj(Json.parse(meta.get("train_config"))), w, e, o,
                    TrainState.fromJson(meta.get("state")));
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException(file + ": damaged checkpoint metadata: " + ex.getMessage(), ex);
        }
    }
}
