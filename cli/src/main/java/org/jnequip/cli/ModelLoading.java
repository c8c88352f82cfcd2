package org.jnequip.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.jnequip.nequip.io.ModelFile;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/** Loads a model file (or a run directory's best model) as a {@link NequipModel}, optionally in another dtype. */
final class ModelLoading {
    private ModelLoading() {}

    static NequipModel load(Path modelOrRun, String dtype, String device) throws Exception {
        NequipModel m = load(modelOrRun, dtype);
        if (device != null && !device.equalsIgnoreCase("cpu")) m.to(Backends.get(device));
        return m;
    }

    static NequipModel load(Path modelOrRun, String dtype) throws Exception {
        Path file = EvaluateCommand.modelFile(modelOrRun);
        ModelFile.Contents c = ModelFile.read(file);
        DType dt = dtype == null ? c.config().dtype() : DType.parse(dtype);
        NequipModel m = NequipModel.create(c.config().withDType(dt), 0);
        LinkedHashMap<String, Tensor> values = new LinkedHashMap<>();
        c.parameters().forEach((k, v) -> values.put(k, v.to(dt)));
        try {
            m.loadParameters(values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": weights do not fit the model config: " + e.getMessage(), e);
        }
        return m;
    }
}
