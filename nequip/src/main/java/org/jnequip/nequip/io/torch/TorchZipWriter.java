package org.jnequip.nequip.io.torch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes the zip container as PyTorch 1.13's {@code PyTorchStreamWriter} does (read off torch's own files):
 * <pre>
 *   per record:  local header (version 0, flags 0x0808 — or 0x0800 for an empty record —, method 0 "stored",
 *                time/date 0, CRC and sizes 0), the name, an extra field "FB" + u16 n + n × 'Z' that puts the
 *                data at a multiple of 64 bytes, the data, then (non-empty records) a data descriptor
 *                PK\7\8 + CRC-32 + size + size
 *   then:        the central directory (same flags, real CRC and sizes), a zip64 end record and locator, and
 *                the end-of-central-directory record
 * </pre>
 * Records go under {@code prefix/}. Sizes above 4 GB are refused (they would need zip64 extra fields).
 */
final class TorchZipWriter {
    static final int ALIGN = 64;

    private record Written(String name, long crc, int size, long header) {}

    private final String prefix;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Written> written = new ArrayList<>();

    TorchZipWriter(String prefix) { this.prefix = prefix; }

    /** Appends record {@code prefix/name} holding {@code data}. */
    void add(String name, byte[] data) {
        byte[] n = (prefix + "/" + name).getBytes(StandardCharsets.UTF_8);
        long header = out.size();
        if (header + data.length > 0xFFFFFFFFL - (1 << 20)) throw new IllegalArgumentException(prefix + "/" + name + ": archive larger than 4 GB is not supported");
        int pad = (int) ((ALIGN - (header + 30 + n.length + 4) % ALIGN) % ALIGN);
        CRC32 crc = new CRC32();
        crc.update(data);
        int flags = data.length > 0 ? 0x0808 : 0x0800;
        ByteBuffer h = le(30 + n.length + 4 + pad);
        h.putInt(0x04034b50).putShort((short) 0).putShort((short) flags).putShort((short) 0).putInt(0)   // version, flags, method, time+date
                .putInt(0).putInt(0).putInt(0).putShort((short) n.length).putShort((short) (4 + pad)).put(n)
                .put((byte) 'F').put((byte) 'B').putShort((short) pad);
        for (int i = 0; i < pad; i++) h.put((byte) 'Z');
        out.writeBytes(h.array());
        out.writeBytes(data);
        if (data.length > 0) out.writeBytes(le(16).putInt(0x08074b50).putInt((int) crc.getValue()).putInt(data.length).putInt(data.length).array());
        written.add(new Written(prefix + "/" + name, crc.getValue(), data.length, header));
    }

    /** The finished archive: directory and end records after the records added so far. */
    byte[] finish() {
        long cdOffset = out.size();
        for (Written w : written) {
            byte[] n = w.name().getBytes(StandardCharsets.UTF_8);
            int flags = w.size() > 0 ? 0x0808 : 0x0800;
            out.writeBytes(le(46 + n.length).putInt(0x02014b50).putShort((short) 0).putShort((short) 0).putShort((short) flags)
                    .putShort((short) 0).putInt(0).putInt((int) w.crc()).putInt(w.size()).putInt(w.size())
                    .putShort((short) n.length).putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putInt(0).putInt((int) w.header()).put(n).array());
        }
        long cdSize = out.size() - cdOffset, end64 = out.size();
        out.writeBytes(le(56).putInt(0x06064b50).putLong(44).putShort((short) 0x031e).putShort((short) 0x2d).putInt(0).putInt(0)
                .putLong(written.size()).putLong(written.size()).putLong(cdSize).putLong(cdOffset).array());
        out.writeBytes(le(20).putInt(0x07064b50).putInt(0).putLong(end64).putInt(1).array());
        out.writeBytes(le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) written.size())
                .putShort((short) written.size()).putInt((int) cdSize).putInt((int) cdOffset).putShort((short) 0).array());
        return out.toByteArray();
    }

    private static ByteBuffer le(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }
}
