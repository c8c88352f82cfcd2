package org.jnequip.nequip.io.torch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TorchScript archive ({@code torch.jit.save}, e.g. nequip's {@code deployed.pth}) read as data: the module
 * tree of {@code data.pkl} walked to dotted names, and the {@code extra/*} metadata records. The TorchScript
 * code records ({@code code/…}) are checked by the zip reader but never interpreted.
 * <pre>
 *   &lt;name&gt;/data.pkl        the root module: __torch__ objects whose attributes are tensors (parameters and
 *                         buffers), submodules (nested objects) and plain values (flags, ints, lists, …)
 *   &lt;name&gt;/data/&lt;key&gt;      storages of those tensors
 *   &lt;name&gt;/extra/&lt;name&gt;    metadata (nequip: r_max, type_names, model_dtype, config, nequip_version, …)
 *   &lt;name&gt;/version         format version
 * </pre>
 * Walking the tree gives every tensor its path of attribute names joined by '.', which are the names
 * {@code module.state_dict()} gives the same tensors.
 *
 * @param version   the archive's version record
 * @param rootClass the root module's TorchScript class, e.g. {@code __torch__.nequip.nn._graph_model.GraphModel}
 * @param tensors   every tensor of the module tree by dotted name, in pickle order
 * @param extra     the extra/ records as UTF-8 text, by name
 */
public record TorchScriptArchive(String version, String rootClass, LinkedHashMap<String, TorchTensor> tensors, Map<String, String> extra) {
    /** Deeper module trees than this are refused (a pickle can make an object contain itself). */
    static final int MAX_DEPTH = 64;

    public static TorchScriptArchive read(Path file) throws IOException { return read(TorchZip.read(file)); }

    public static TorchScriptArchive read(TorchZip zip) {
        String version = TorchCheckpoint.version(zip);
        if (!zip.has("data.pkl")) throw new TorchFileException(zip.file(), zip.entry("data.pkl"), "record missing (not a TorchScript archive)");
        Object root = Unpickler.load(zip.read("data.pkl"), zip.file(), zip.entry("data.pkl"), PickleGlobals::torchScript, TorchCheckpoint.storages(zip, "data"));
        if (!(root instanceof Unpickler.ScriptObject module))
            throw new TorchFileException(zip.file(), zip.entry("data.pkl"), "holds a " + TorchCheckpoint.kind(root) + ", not a TorchScript module (a torch.save file?)");
        LinkedHashMap<String, TorchTensor> tensors = new LinkedHashMap<>();
        walk(module, "", 0, tensors, new IdentityHashMap<>(), zip);
        Map<String, String> extra = new LinkedHashMap<>();
        for (String n : zip.names())
            if (n.startsWith("extra/")) extra.put(n.substring(6), new String(zip.read(n), StandardCharsets.UTF_8));
        return new TorchScriptArchive(version, module.className(), tensors, extra);
    }

    private static void walk(Unpickler.ScriptObject o, String prefix, int depth, Map<String, TorchTensor> out, IdentityHashMap<Object, Boolean> onPath, TorchZip zip) {
        if (depth > MAX_DEPTH || onPath.put(o, Boolean.TRUE) != null)
            throw new TorchFileException(zip.file(), zip.entry("data.pkl"), "module '" + prefix + "' contains itself or nests deeper than " + MAX_DEPTH);
        for (var e : o.attributes().entrySet()) {
            String name = prefix + e.getKey();
            if (e.getValue() instanceof TorchTensor t) out.put(name, t);
            else if (e.getValue() instanceof Unpickler.ScriptObject sub) walk(sub, name + ".", depth + 1, out, onPath, zip);
        }
        onPath.remove(o);
    }
}
