package org.jnequip.nequip.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.nequip.files.AtomicFiles;
import org.jnequip.nequip.files.CheckedRead;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * The safetensors layout, readable by the Python {@code safetensors} package and other tools:
 * <pre>
 *   [8 bytes] n = header length, unsigned little-endian
 *   [n bytes] UTF-8 JSON: {"__metadata__": {str: str}, name: {"dtype": "F32"|"F64", "shape": [..],
 *                          "data_offsets": [begin, end]}, ...}, padded with spaces to a multiple of 8
 *   [rest]    raw little-endian tensor data; offsets are relative to the start of this block
 * </pre>
 * Tensors are laid out back to back in the map's order, so the byte buffer has no holes. Reading checks every
 * offset, size and dtype and names the file and tensor on error.
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** Refuse headers above this size (a corrupt length field would otherwise allocate gigabytes). */
    static final long MAX_HEADER = 100L << 20;

    /** What a file holds: string metadata and named tensors in file order. */
    public record Contents(Map<String, String> metadata, LinkedHashMap<String, Tensor> tensors) {
        public Tensor tensor(String name) {
            Tensor t = tensors.get(name);
            if (t == null) throw new IllegalArgumentException("safetensors: no tensor named '" + name + "'");
            return t;
        }
    }

    /** Serialises metadata and tensors (F32 or F64, any backend) to bytes. */
    public static byte[] encode(Map<String, String> metadata, Map<String, Tensor> tensors) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) header.put("__metadata__", new LinkedHashMap<>(metadata));
        long off = 0;
        for (var e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) throw new IllegalArgumentException("safetensors: '__metadata__' is reserved");
            Tensor t = e.getValue();
            long len = (long) t.numel() * t.dtype().bytes();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("dtype", t.dtype() == DType.F32 ? "F32" : "F64");
            d.put("shape", t.shape());
            d.put("data_offsets", List.of(off, off + len));
            header.put(e.getKey(), d);
            off += len;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        if (off + padded + 8 > Integer.MAX_VALUE) throw new IllegalArgumentException("safetensors: " + (off + padded) + " bytes is too large for one buffer");
        ByteBuffer b = ByteBuffer.allocate((int) (8 + padded + off)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) b.put((byte) ' ');
        for (Tensor t : tensors.values()) {
            if (t.dtype() == DType.F32) for (float v : t.toFloatArray()) b.putFloat(v);
            else for (double v : t.toDoubleArray()) b.putDouble(v);
        }
        return b.array();
    }

    public static void write(OutputStream out, Map<String, String> metadata, Map<String, Tensor> tensors) throws IOException {
        out.write(encode(metadata, tensors));
    }

    /** Atomically writes a file (see {@link AtomicFiles}). */
    public static void write(Path file, Map<String, String> metadata, Map<String, Tensor> tensors) throws IOException {
        byte[] bytes = encode(metadata, tensors);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** Reads and decodes a file; a path that is not a readable file, or bytes that are not safetensors, name the file. */
    public static Contents read(Path file) throws IOException {
        return decode(CheckedRead.bytes(file, "safetensors file", Integer.MAX_VALUE), file.toString());
    }

    /** Parses bytes; {@code name} is used in error messages. */
    public static Contents decode(byte[] bytes, String name) {
        if (bytes.length < 8) throw bad(name, "file is " + bytes.length + " bytes, too short for a safetensors header");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        if (n < 2 || n > MAX_HEADER || n > bytes.length - 8L)
            throw bad(name, "header length " + n + " is not possible for a file of " + bytes.length + " bytes (truncated or not safetensors)");
        Object parsed;
        try {
            parsed = Json.parse(new String(bytes, 8, (int) n, StandardCharsets.UTF_8).strip());
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw bad(name, "header is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?>)) throw bad(name, "header is not a JSON object");
        int base = 8 + (int) n;
        long dataLen = bytes.length - (long) base;
        Map<String, String> meta = new LinkedHashMap<>();
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        for (var e : Json.obj(parsed).entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> m)) throw bad(name, "__metadata__ is not an object");
                for (var me : m.entrySet()) {
                    if (!(me.getValue() instanceof String s)) throw bad(name, "__metadata__ value of '" + me.getKey() + "' is not a string");
                    meta.put((String) me.getKey(), s);
                }
                continue;
            }
            tensors.put(e.getKey(), tensor(bytes, base, dataLen, e.getKey(), e.getValue(), name, ranges));
        }
        ranges.sort((x, y) -> Long.compare(x[0], y[0]));
        long expect = 0;
        for (long[] r : ranges) {
            if (r[0] != expect) throw bad(name, "tensor data " + (r[0] < expect ? "overlaps" : "has a hole") + " at byte " + r[0]);
            expect = r[1];
        }
        if (expect != dataLen) throw bad(name, "data block is " + dataLen + " bytes but the tensors cover " + expect + " (truncated or trailing bytes)");
        return new Contents(meta, tensors);
    }

    private static Tensor tensor(byte[] bytes, int base, long dataLen, String key, Object spec, String name, List<long[]> ranges) {
        if (!(spec instanceof Map<?, ?>)) throw bad(name, "tensor '" + key + "': entry is not an object");
        Map<String, Object> m = Json.obj(spec);
        Object dt = m.get("dtype");
        DType dtype = "F32".equals(dt) ? DType.F32 : "F64".equals(dt) ? DType.F64 : null;
        if (dtype == null) throw bad(name, "tensor '" + key + "': dtype " + dt + " is not supported (F32, F64)");
        if (!(m.get("shape") instanceof List<?> sh) || !(m.get("data_offsets") instanceof List<?> offs) || offs.size() != 2)
            throw bad(name, "tensor '" + key + "': needs 'shape' and 'data_offsets' [begin, end]");
        int[] shape = new int[sh.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(sh.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) throw bad(name, "tensor '" + key + "': bad shape " + sh);
            shape[i] = (int) (long) d;
            numel *= d;
        }
        if (!(offs.get(0) instanceof Long begin) || !(offs.get(1) instanceof Long end) || begin < 0 || end < begin || end > dataLen)
            throw bad(name, "tensor '" + key + "': data_offsets " + offs + " outside the data block of " + dataLen + " bytes (truncated file?)");
        if (end - begin != numel * dtype.bytes())
            throw bad(name, "tensor '" + key + "': data_offsets span " + (end - begin) + " bytes but shape " + sh + " of " + dt + " needs " + numel * dtype.bytes());
        ranges.add(new long[]{begin, end});
        ByteBuffer b = ByteBuffer.wrap(bytes, base + (int) (long) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        if (dtype == DType.F32) {
            float[] f = new float[(int) numel];
            b.asFloatBuffer().get(f);
            return Tensor.of(f, shape);
        }
        double[] d = new double[(int) numel];
        b.asDoubleBuffer().get(d);
        return Tensor.of(d, shape);
    }

    private static IllegalArgumentException bad(String name, String what) {
        return new IllegalArgumentException(name + ": " + what);
    }
}
