package org.jnequip.interop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jnequip.nequip.io.torch.TorchTensor;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * A nequip state dict against the one nequip 0.6.2 builds for its config ({@code want}, from
 * {@link org.jnequip.nequip.model.NequipStateDict}): the same names, every shape equal, non-empty tensors in
 * the expected dtype, and the derived buffers — output masks exactly, Wigner 3j to rounding — equal to
 * JNequIP's. A difference means the file is not the architecture its config describes, so it is refused.
 */
final class NequipStateDictCheck {
    private NequipStateDictCheck() {}

    static void compare(String where, Map<String, Tensor> want, Map<String, TorchTensor> have) {
        List<String> unknown = new ArrayList<>(), missing = new ArrayList<>();
        for (String k : have.keySet()) if (!want.containsKey(k)) unknown.add(k);
        for (String k : want.keySet()) if (!have.containsKey(k)) missing.add(k);
        if (!unknown.isEmpty()) throw new IllegalArgumentException(where + ": unknown state-dict key" + (unknown.size() > 1 ? "s " : " ") + list(unknown) + " (not in the model its config describes)");
        if (!missing.isEmpty()) throw new IllegalArgumentException(where + ": state dict lacks " + list(missing) + " (the config describes a model with " + (missing.size() == 1 ? "it" : "them") + ")");
        for (var e : want.entrySet()) {
            String k = e.getKey();
            Tensor w = e.getValue();
            TorchTensor h = have.get(k);
            if (!Arrays.equals(w.shape(), h.shape()))
                throw new IllegalArgumentException(where + ": '" + k + "' has shape " + Arrays.toString(h.shape()) + ", the config gives " + Arrays.toString(w.shape()));
            if (w.numel() > 0 && h.type() != TorchTensor.ScalarType.of(w.dtype()))
                throw new IllegalArgumentException(where + ": '" + k + "' is " + h.type() + ", expected " + w.dtype().pythonName() + " (model_dtype/default_dtype)");
            if (k.endsWith(".output_mask") || k.contains("._w3j_")) derived(where, k, w, h);
        }
    }

    private static void derived(String where, String k, Tensor w, TorchTensor h) {
        double[] a = w.toDoubleArray(), b = h.toDoubles();
        double tol = k.endsWith(".output_mask") ? 0 : w.dtype() == DType.F64 ? 1e-12 : 1e-6;
        for (int i = 0; i < a.length; i++)
            if (Math.abs(a[i] - b[i]) > tol)
                throw new IllegalArgumentException(where + ": buffer '" + k + "' element " + i + " is " + b[i] + " but JNequIP derives " + a[i] + " for this architecture");
    }

    private static String list(List<String> names) {
        return "'" + String.join("', '", names.subList(0, Math.min(3, names.size()))) + "'" + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "");
    }
}
