package org.jnequip.nequip.io.torch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jnequip.nequip.files.AtomicFiles;
import org.jnequip.tensor.Tensor;

/**
 * State dicts saved by {@code torch.save(model.state_dict())} (nequip's {@code best_model.pth}): a
 * {@link TorchZip} holding
 * <pre>
 *   archive/data.pkl     protocol-2 pickle of an OrderedDict name → _rebuild_tensor_v2(storage, offset, size, stride, ..)
 *   archive/data/&lt;key&gt;   each storage's raw little-endian elements (storage references name the key)
 *   archive/version      "3"
 * </pre>
 * Reading checks every storage reference against its record (type, element count, bytes) and every view
 * against its storage. Writing gives each tensor its own contiguous storage, keys "0", "1", … in map order,
 * records in torch's order (data.pkl, data/ sorted by key as text, version), through {@link TorchZipWriter}.
 */
public final class TorchCheckpoint {
    private TorchCheckpoint() {}

    /** The archive folder and format version torch.save 1.13 writes. */
    public static final String ARCHIVE = "archive", VERSION = "3";

    /** A read state dict: tensors by name in file order, and the archive's version record. */
    public record Contents(String version, LinkedHashMap<String, TorchTensor> tensors) {}

    public static Contents read(Path file) throws IOException { return read(TorchZip.read(file)); }

    public static Contents read(TorchZip zip) {
        String version = version(zip);
        if (!zip.has("data.pkl")) throw new TorchFileException(zip.file(), zip.entry("data.pkl"), "record missing (not a torch.save file)");
        Object top = Unpickler.load(zip.read("data.pkl"), zip.file(), zip.entry("data.pkl"), PickleGlobals::stateDict, storages(zip, "data"));
        if (!(top instanceof Map<?, ?> m)) throw new TorchFileException(zip.file(), zip.entry("data.pkl"), "holds a " + kind(top) + ", not a state dict (an OrderedDict)");
        LinkedHashMap<String, TorchTensor> out = new LinkedHashMap<>();
        for (var e : m.entrySet()) {
            if (!(e.getKey() instanceof String k)) throw new TorchFileException(zip.file(), zip.entry("data.pkl"), "state dict key " + e.getKey() + " is not a string");
            if (!(e.getValue() instanceof TorchTensor t)) throw new TorchFileException(zip.file(), "'" + k + "'", "is a " + kind(e.getValue()) + ", not a tensor");
            out.put(k, t);
        }
        return new Contents(version, out);
    }

    /** The bytes of a state-dict file holding {@code tensors} (float32 or float64, each in its own dtype). */
    public static byte[] encode(Map<String, Tensor> tensors) {
        List<StateDictPickler.Item> items = new ArrayList<>();
        TreeMap<String, byte[]> storages = new TreeMap<>();                // sorted as text, as torch writes them
        for (var e : tensors.entrySet()) {
            String key = Integer.toString(items.size());
            TorchTensor t = TorchTensor.of(e.getValue(), e.getValue().dtype(), key);
            items.add(new StateDictPickler.Item(e.getKey(), t.type(), key, t.storage().numel(), 0, t.shape(), t.stride()));
            storages.put(key, t.storage().data());
        }
        TorchZipWriter w = new TorchZipWriter(ARCHIVE);
        w.add("data.pkl", StateDictPickler.encode(items));
        storages.forEach((k, data) -> w.add("data/" + k, data));
        w.add("version", (VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
        return w.finish();
    }

    /** Atomically writes a state-dict file (see {@link AtomicFiles}). */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        byte[] bytes = encode(tensors);
        AtomicFiles.write(file, bytes);
    }

    /**
     * Storage references of an archive, {@code ('storage', <Type>Storage, key, location, numel)}: the bytes of
     * {@code folder/key}, which must hold exactly numel elements. One Storage object per key, so views share it.
     */
    static Unpickler.PersistentLoader storages(TorchZip zip, String folder) {
        Map<String, TorchTensor.Storage> loaded = new HashMap<>();
        return pid -> {
            if (pid.size() != 5 || !"storage".equals(pid.get(0))) throw new IllegalArgumentException("not a ('storage', type, key, location, numel) reference");
            if (!(pid.get(1) instanceof TorchTensor.ScalarType type)) throw new IllegalArgumentException("storage type is not a torch storage class");
            if (!(pid.get(2) instanceof String key) || !(pid.get(3) instanceof String) || !(pid.get(4) instanceof Long numel))
                throw new IllegalArgumentException("key, location or size has the wrong type");
            String name = folder + "/" + key;
            if (!zip.has(name)) throw new IllegalArgumentException("record " + zip.entry(name) + " is missing");
            TorchTensor.Storage s = loaded.computeIfAbsent(key, k -> new TorchTensor.Storage(type, k, zip.read(name)));
            if (s.type() != type) throw new IllegalArgumentException("storage '" + key + "' is referenced as " + type + " and as " + s.type());
            if (s.numel() != numel || (long) s.data().length != numel * type.bytes)
                throw new IllegalArgumentException("storage '" + key + "' should hold " + numel + " " + type + " elements but " + zip.entry(name) + " has " + s.data().length + " bytes");
            return s;
        };
    }

    /** The archive's {@code version} record: a decimal number. */
    static String version(TorchZip zip) {
        if (!zip.has("version")) throw new TorchFileException(zip.file(), zip.entry("version"), "record missing (not a PyTorch archive)");
        String v = new String(zip.read("version"), StandardCharsets.US_ASCII).strip();
        if (!v.matches("[0-9]{1,3}")) throw new TorchFileException(zip.file(), zip.entry("version"), "is '" + v + "', not a format version number");
        return v;
    }

    /** The Python kind of a pickled value, for messages. */
    static String kind(Object o) {
        return switch (o) {
            case null -> "None";
            case Unpickler.ScriptObject s -> s.className();
            case Unpickler.Tuple t -> "tuple";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case String s -> "str";
            case Long l -> "int";
            case Double d -> "float";
            case Boolean b -> "bool";
            default -> o.getClass().getSimpleName();
        };
    }
}
