package org.jnequip.nequip.io.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A structural check of written state-dict files against PyTorch's format, made on the raw bytes without the
 * project's zip reader. It checks:
 * <ol>
 *   <li>records in torch's order: {@code archive/data.pkl}, {@code archive/data/<key>} sorted as text, {@code archive/version};</li>
 *   <li>every local header: signature, version 0, flags 0x0808 (0x0800 when empty), method 0 (stored), zero
 *       time/date/CRC/sizes, an extra field "FB" + length + 'Z' padding that puts the data at a multiple of 64;</li>
 *   <li>a data descriptor after every non-empty record with the right CRC-32 and sizes;</li>
 *   <li>the central directory (same names, flags, CRC, sizes, offsets), the zip64 end record and locator, and
 *       the end-of-central-directory record agree with the records;</li>
 *   <li>{@code version} is "3\n";</li>
 *   <li>the pickle is protocol 2 and uses only the opcodes torch.save writes for a state dict (PROTO GLOBAL
 *       BINPUT LONG_BINPUT BINGET LONG_BINGET MARK EMPTY_TUPLE TUPLE TUPLE1-3 BINUNICODE BININT1 BININT2 BININT
 *       NEWFALSE REDUCE SETITEM SETITEMS BINPERSID STOP) and only allow-listed globals;</li>
 *   <li>each storage record holds exactly numel × element size bytes of its tensor.</li>
 * </ol>
 */
class TorchFormatStructureTest {
    static final Set<Integer> STATE_DICT_OPCODES = Set.of(0x80, (int) 'c', (int) 'q', (int) 'r', (int) 'h', (int) 'j', (int) '(', (int) ')',
            (int) 't', 0x85, 0x86, 0x87, (int) 'X', (int) 'K', (int) 'M', (int) 'J', 0x89, (int) 'R', (int) 's', (int) 'u', (int) 'Q', (int) '.');
    static final Set<String> GLOBALS = Set.of("collections OrderedDict", "torch._utils _rebuild_tensor_v2", "torch DoubleStorage", "torch FloatStorage");

    @Test
    void writtenStateDictHasPyTorchsStructure() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) in.put("layer" + i + ".weight", Tensor.full(i % 2 == 0 ? DType.F64 : DType.F32, i + 0.5, i + 1, 3));
        in.put("scalar", Tensor.scalar(2.0, DType.F64));
        in.put("empty", Tensor.zeros(DType.F64, 0));
        byte[] b = TorchCheckpoint.encode(in);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);

        List<String> names = new ArrayList<>();
        Map<String, byte[]> content = new LinkedHashMap<>();
        List<Integer> headers = new ArrayList<>();
        int p = 0;
        while (bb.getInt(p) == 0x04034b50) {
            headers.add(p);
            assertEquals(0, bb.getShort(p + 4), "version needed");
            int flags = bb.getShort(p + 6) & 0xFFFF, nl = bb.getShort(p + 26), el = bb.getShort(p + 28);
            assertEquals(0, bb.getShort(p + 8), "method stored");
            assertEquals(0, bb.getInt(p + 10) | bb.getInt(p + 14) | bb.getInt(p + 18) | bb.getInt(p + 22), "time, date, CRC, sizes are 0 in the local header");
            String name = new String(b, p + 30, nl, StandardCharsets.UTF_8);
            assertEquals("FB", new String(b, p + 30 + nl, 2, StandardCharsets.US_ASCII), name);
            int pad = bb.getShort(p + 32 + nl);
            assertEquals(el, 4 + pad, name);
            for (int i = 0; i < pad; i++) assertEquals('Z', b[p + 34 + nl + i]);
            int data = p + 30 + nl + el;
            assertEquals(0, data % 64, name + " data is 64-byte aligned");
            // the size comes from the data descriptor (flag 0x0008) or is 0 (flag 0x0800 only)
            int size = 0;
            if (flags == 0x0808) {
                int d = data;
                while (bb.getInt(d) != 0x08074b50 || bb.getInt(d + 8) != d - data) d++;
                size = d - data;
                CRC32 crc = new CRC32();
                crc.update(b, data, size);
                assertEquals((int) crc.getValue(), bb.getInt(d + 4), name + " CRC in the data descriptor");
                assertEquals(size, bb.getInt(d + 12), name);
                p = d + 16;
            } else {
                assertEquals(0x0800, flags, name);
                p = data;
            }
            names.add(name);
            content.put(name, java.util.Arrays.copyOfRange(b, data, data + size));
        }
        List<String> expectOrder = new ArrayList<>(List.of("archive/data.pkl"));
        TreeSet<String> keys = new TreeSet<>();
        for (int i = 0; i < in.size(); i++) keys.add(Integer.toString(i));
        for (String k : keys) expectOrder.add("archive/data/" + k);
        expectOrder.add("archive/version");
        assertEquals(expectOrder, names);
        assertEquals("3\n", new String(content.get("archive/version"), StandardCharsets.US_ASCII));

        int cd = p;
        for (int i = 0; i < names.size(); i++) {
            assertEquals(0x02014b50, bb.getInt(p));
            int nl = bb.getShort(p + 28);
            assertEquals(names.get(i), new String(b, p + 46, nl, StandardCharsets.UTF_8));
            byte[] c = content.get(names.get(i));
            CRC32 crc = new CRC32();
            crc.update(c);
            assertEquals((int) crc.getValue(), bb.getInt(p + 16));
            assertEquals(c.length, bb.getInt(p + 20));
            assertEquals(c.length, bb.getInt(p + 24));
            assertEquals((int) headers.get(i), bb.getInt(p + 42));
            p += 46 + nl;
        }
        int end64 = p;
        assertEquals(0x06064b50, bb.getInt(end64));
        assertEquals(names.size(), bb.getLong(end64 + 32));
        assertEquals(p - cd, bb.getLong(end64 + 40));
        assertEquals(cd, bb.getLong(end64 + 48));
        assertEquals(0x07064b50, bb.getInt(end64 + 56));
        assertEquals(end64, bb.getLong(end64 + 64));
        assertEquals(0x06054b50, bb.getInt(end64 + 76));
        assertEquals(names.size(), bb.getShort(end64 + 76 + 10));
        assertEquals(cd, bb.getInt(end64 + 76 + 16));
        assertEquals(b.length, end64 + 76 + 22);

        List<String> globals = new ArrayList<>();
        for (int op : opcodes(content.get("archive/data.pkl"), globals)) assertTrue(STATE_DICT_OPCODES.contains(op), String.format("opcode 0x%02x", op));
        assertTrue(GLOBALS.containsAll(globals), globals.toString());

        TorchCheckpoint.Contents back = TorchCheckpoint.read(TorchZip.of(b, "written"));
        for (var e : back.tensors().entrySet()) {
            TorchTensor t = e.getValue();
            assertEquals((long) t.numel() * t.type().bytes, content.get("archive/data/" + t.storage().key()).length, e.getKey());
        }
    }

    /** The opcodes of a protocol-2 pickle (an independent scan: argument lengths per opcode), collecting GLOBAL names. */
    static List<Integer> opcodes(byte[] d, List<String> globals) {
        List<Integer> ops = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
        int p = 0;
        while (p < d.length) {
            int op = d[p++] & 0xFF;
            ops.add(op);
            switch (op) {
                case 0x80, 'q', 'h', 'K' -> p += 1;
                case 'M' -> p += 2;
                case 'r', 'j', 'J' -> p += 4;
                case 'X' -> p += 4 + b.getInt(p);
                case 'c' -> {
                    int a = p;
                    while (d[p] != '\n') p++;
                    int c = ++p;
                    while (d[p] != '\n') p++;
                    globals.add(new String(d, a, c - 1 - a, StandardCharsets.US_ASCII) + " " + new String(d, c, p++ - c, StandardCharsets.US_ASCII));
                }
                default -> { }
            }
        }
        assertEquals('.', ops.get(ops.size() - 1));
        assertEquals(2, d[1]);
        return ops;
    }
}
