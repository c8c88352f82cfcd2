package org.jnequip.nequip.io.torch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code data.pkl} of a state dict as Python's protocol-2 pickler does for {@code torch.save(od)},
 * memo numbering included:
 * <pre>
 *   PROTO 2, GLOBAL 'collections OrderedDict' BINPUT, EMPTY_TUPLE, REDUCE BINPUT          the OrderedDict
 *   MARK (key value)×≤1000 SETITEMS   (one pair: key value SETITEM)                       its items
 *   key:   BINUNICODE name BINPUT
 *   value: GLOBAL 'torch._utils _rebuild_tensor_v2' BINPUT (later BINGET), MARK
 *            MARK 'storage' GLOBAL 'torch DoubleStorage' 'key' 'cpu' numel TUPLE BINPUT BINPERSID
 *            offset, size tuple, stride tuple, NEWFALSE, OrderedDict() (BINGET EMPTY_TUPLE REDUCE BINPUT)
 *          TUPLE BINPUT REDUCE BINPUT
 *   STOP
 * </pre>
 * Strings and globals that Python shares ('storage', 'cpu', the globals) are written once and then fetched
 * with BINGET; tuples of up to 3 items use TUPLE1/2/3, the empty tuple EMPTY_TUPLE (never memoized).
 */
final class StateDictPickler {
    /** One tensor to write: a view of storage {@code key} ({@code numel} elements of {@code type}). */
    record Item(String name, TorchTensor.ScalarType type, String key, long numel, long offset, int[] shape, long[] stride) {}

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> shared = new HashMap<>();     // memo slots of globals and shared strings
    private int memo;

    static byte[] encode(List<Item> items) {
        StateDictPickler p = new StateDictPickler();
        p.out.write(0x80);
        p.out.write(2);
        p.global("collections", "OrderedDict");
        p.out.write(')');
        p.out.write('R');
        p.put();
        for (int b = 0; b < items.size(); b += 1000) {
            List<Item> batch = items.subList(b, Math.min(items.size(), b + 1000));
            if (batch.size() > 1) p.out.write('(');
            for (Item it : batch) {
                p.string(it.name());
                p.tensor(it);
            }
            p.out.write(batch.size() > 1 ? 'u' : 's');
        }
        p.out.write('.');
        return p.out.toByteArray();
    }

    private void tensor(Item it) {
        global("torch._utils", "_rebuild_tensor_v2");
        out.write('(');
        out.write('(');
        sharedString("storage");
        global("torch", it.type().storageName);
        string(it.key());
        sharedString("cpu");
        integer(it.numel());
        out.write('t');
        put();
        out.write('Q');
        integer(it.offset());
        long[] size = new long[it.shape().length];
        for (int d = 0; d < size.length; d++) size[d] = it.shape()[d];
        tuple(size);
        tuple(it.stride());
        out.write(0x89);
        global("collections", "OrderedDict");
        out.write(')');
        out.write('R');
        put();
        out.write('t');
        put();
        out.write('R');
        put();
    }

    private void tuple(long[] v) {
        if (v.length == 0) { out.write(')'); return; }
        if (v.length > 3) out.write('(');
        for (long x : v) integer(x);
        out.write(v.length > 3 ? 't' : 0x84 + v.length);
        put();
    }

    private void global(String module, String name) {
        if (fetch(module + "\n" + name)) return;
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        shared.put(module + "\n" + name, memo);
        put();
    }

    private void sharedString(String s) {
        if (fetch("'" + s)) return;
        string(s);
        shared.put("'" + s, memo - 1);
    }

    /** BINGET of a shared object already written; false if it is new. */
    private boolean fetch(String id) {
        Integer slot = shared.get(id);
        if (slot == null) return false;
        if (slot < 256) { out.write('h'); out.write(slot); }
        else { out.write('j'); out.writeBytes(le(4).putInt(slot).array()); }
        return true;
    }

    private void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        out.writeBytes(le(4).putInt(b.length).array());
        out.writeBytes(b);
        put();
    }

    private void integer(long v) {
        if (v >= 0 && v <= 0xFF) { out.write('K'); out.write((int) v); }
        else if (v >= 0 && v <= 0xFFFF) { out.write('M'); out.write((int) v & 0xFF); out.write((int) (v >> 8)); }
        else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) { out.write('J'); out.writeBytes(le(4).putInt((int) v).array()); }
        else {                                                       // LONG1: minimal two's complement, little-endian
            byte[] be = java.math.BigInteger.valueOf(v).toByteArray();
            out.write(0x8a);
            out.write(be.length);
            for (int i = be.length - 1; i >= 0; i--) out.write(be[i]);
        }
    }

    /** Memoizes the object just written (BINPUT, or LONG_BINPUT from slot 256 on). */
    private void put() {
        if (memo < 256) { out.write('q'); out.write(memo); }
        else { out.write('r'); out.writeBytes(le(4).putInt(memo).array()); }
        memo++;
    }

    private static ByteBuffer le(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }
}
