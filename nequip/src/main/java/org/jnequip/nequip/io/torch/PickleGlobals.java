package org.jnequip.nequip.io.torch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The allow-list of pickle globals, the only names a PyTorch file may use here:
 * <pre>
 *   collections OrderedDict               → an empty LinkedHashMap (the state dict, backward hooks)
 *   torch._utils _rebuild_tensor_v2       → a {@link TorchTensor} view, checked against its storage
 *   torch._utils _rebuild_parameter       → its tensor (a Parameter is a tensor here)
 *   torch &lt;Type&gt;Storage                 → the storage type inside a storage reference (never called)
 * TorchScript archives also:
 *   torch.jit._pickle restore_type_tag    → its value (the TorchScript type string is dropped)
 *   torch.jit._pickle build_{int,double,bool,tensor}list → the list
 *   __torch__.&lt;module&gt; &lt;Class&gt;           → a class whose objects are plain attribute maps
 * </pre>
 * Anything else is refused by the {@link Unpickler} with the name it asked for.
 */
public final class PickleGlobals {
    private PickleGlobals() {}

    /** Globals of a {@code torch.save} state dict (and of the legacy storages in nequip's config.yaml). */
    public static Object stateDict(String module, String name) {
        return switch (module + " " + name) {
            case "collections OrderedDict" -> (Unpickler.Function) PickleGlobals::orderedDict;
            case "torch._utils _rebuild_tensor_v2" -> (Unpickler.Function) PickleGlobals::rebuildTensor;
            case "torch._utils _rebuild_parameter" -> (Unpickler.Function) PickleGlobals::rebuildParameter;
            default -> module.equals("torch") ? TorchTensor.ScalarType.ofStorage(name) : null;
        };
    }

    /** Globals of a TorchScript archive: a state dict's, plus the TorchScript helpers and module classes. */
    public static Object torchScript(String module, String name) {
        if (module.equals("torch.jit._pickle"))
            return switch (name) {
                case "restore_type_tag" -> (Unpickler.Function) args -> args.get(0);
                case "build_intlist", "build_doublelist", "build_boollist", "build_tensorlist" -> (Unpickler.Function) args -> asList(args.get(0));
                default -> null;
            };
        if (module.equals("__torch__") || module.startsWith("__torch__.")) return new Unpickler.ScriptClass(module + "." + name);
        return stateDict(module, name);
    }

    private static Object orderedDict(List<Object> args) {
        if (!args.isEmpty()) throw new IllegalArgumentException("OrderedDict with arguments");
        return new LinkedHashMap<Object, Object>();
    }

    /** (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]) → view. */
    private static Object rebuildTensor(List<Object> a) {
        if (a.size() < 6 || a.size() > 7) throw new IllegalArgumentException("_rebuild_tensor_v2 takes 6 or 7 arguments, got " + a.size());
        if (!(a.get(0) instanceof TorchTensor.Storage s)) throw new IllegalArgumentException("_rebuild_tensor_v2: first argument is not a storage");
        if (!(a.get(5) instanceof Map<?, ?> hooks) || !hooks.isEmpty()) throw new IllegalArgumentException("_rebuild_tensor_v2: backward hooks must be an empty OrderedDict");
        List<Object> size = tuple(a.get(2), "size"), stride = tuple(a.get(3), "stride");
        int[] shape = new int[size.size()];
        long[] strides = new long[stride.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = Math.toIntExact(integer(size.get(i), "size"));
        for (int i = 0; i < strides.length; i++) strides[i] = integer(stride.get(i), "stride");
        return new TorchTensor(s, integer(a.get(1), "storage_offset"), shape, strides);
    }

    /** (data, requires_grad, backward_hooks) → data. */
    private static Object rebuildParameter(List<Object> a) {
        if (a.size() != 3 || !(a.get(0) instanceof TorchTensor t)) throw new IllegalArgumentException("_rebuild_parameter takes (tensor, requires_grad, hooks)");
        return t;
    }

    private static List<Object> tuple(Object o, String what) {
        if (o instanceof Unpickler.Tuple t) return t.items();
        throw new IllegalArgumentException("_rebuild_tensor_v2: " + what + " is not a tuple");
    }

    private static long integer(Object o, String what) {
        if (o instanceof Long v) return v;
        throw new IllegalArgumentException("_rebuild_tensor_v2: " + what + " holds " + o + ", not an integer");
    }

    private static List<Object> asList(Object o) {
        if (o instanceof List<?> l) return new ArrayList<>(l);
        throw new IllegalArgumentException("list builder of a non-list");
    }
}
