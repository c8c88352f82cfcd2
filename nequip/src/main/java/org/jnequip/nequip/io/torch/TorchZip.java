package org.jnequip.nequip.io.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.jnequip.nequip.files.CheckedRead;

/**
 * The zip container of PyTorch files ({@code torch.save}, {@code torch.jit.save}), read from its bytes with
 * every field it relies on checked. Layout (PKWARE APPNOTE; torch writes zip64 end records):
 * <pre>
 *   [local header 30 B + name + extra][data][data descriptor 16 B]   per record, data 64-byte aligned by torch
 *   [central directory: 46 B + name + extra + comment per record]
 *   [zip64 end record 56 B][zip64 locator 20 B]                      optional
 *   [end of central directory 22 B + comment]
 * </pre>
 * Checked: the end records and the directory lie inside the file, each record's local header matches its
 * directory entry (signature and name), data ranges are inside the file and do not overlap, the method is
 * stored (0) or deflated (8), a stored record's sizes agree, every record's CRC-32 and size are right, names
 * are unique and share one top folder (the archive name, e.g. {@code archive/}). Errors name the file and record.
 */
public final class TorchZip {
    private static final int LOCAL = 0x04034b50, CENTRAL = 0x02014b50, END = 0x06054b50, END64 = 0x06064b50, LOCATOR64 = 0x07064b50;
    private static final long MASK32 = 0xFFFFFFFFL;

    private record Record(String name, int method, long crc, long stored, long size, long header, long data) {}

    private final String file;
    private final byte[] bytes;
    private final String prefix;
    private final LinkedHashMap<String, Record> records = new LinkedHashMap<>();

    private TorchZip(byte[] bytes, String file) {
        this.file = file;
        this.bytes = bytes;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int end = findEnd(b);
        long count = u16(b, end + 10), cdSize = u32(b, end + 12), cdOffset = u32(b, end + 16);
        if (end >= 20 && b.getInt(end - 20) == LOCATOR64) {
            long at = b.getLong(end - 12);
            if (at < 0 || at + 56 > end - 20 || b.getInt((int) at) != END64) throw bad(null, "zip64 end record missing or outside the file (truncated?)");
            count = b.getLong((int) at + 32);
            cdSize = b.getLong((int) at + 40);
            cdOffset = b.getLong((int) at + 48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > end) throw bad(null, "central directory (offset " + cdOffset + ", " + cdSize + " bytes) lies outside the file (truncated?)");
        long pos = cdOffset;
        for (long k = 0; k < count; k++) pos = central(b, pos, cdOffset + cdSize);
        if (pos != cdOffset + cdSize) throw bad(null, "central directory is " + cdSize + " bytes but its " + count + " records take " + (pos - cdOffset));
        if (records.isEmpty()) throw bad(null, "the zip archive has no records");
        this.prefix = commonPrefix();
        checkLayout(cdOffset);
        for (Record r : records.values()) check(r, content(r));
    }

    /** Reads and checks a whole file (a readable regular file under 2 GB, see {@link CheckedRead}). */
    public static TorchZip read(Path path) {
        return of(CheckedRead.bytes(path, "PyTorch file", Integer.MAX_VALUE - 64), path.toString());
    }

    /** Checks bytes; {@code file} names them in errors. */
    public static TorchZip of(byte[] bytes, String file) { return new TorchZip(bytes, file); }

    public String file() { return file; }

    /** The archive's top folder, e.g. {@code archive} or {@code deployed}. */
    public String prefix() { return prefix; }

    /** Record names below the top folder, in file order (e.g. {@code data.pkl}, {@code data/0}, {@code version}). */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (String n : records.keySet()) out.add(n.substring(prefix.length() + 1));
        return out;
    }

    public boolean has(String name) { return records.containsKey(prefix + "/" + name); }

    /** The content of {@code prefix/name} (already CRC-checked). */
    public byte[] read(String name) {
        Record r = records.get(prefix + "/" + name);
        if (r == null) throw bad(prefix + "/" + name, "record missing from the archive");
        return content(r);
    }

    /** The full record name of a name below the top folder, for error messages. */
    public String entry(String name) { return prefix + "/" + name; }

    private int findEnd(ByteBuffer b) {
        for (int p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 65535); p--)
            if (b.getInt(p) == END && p + 22 + u16(b, p + 20) == bytes.length) return p;
        throw bad(null, "no zip end-of-central-directory record (not a PyTorch zip file, or truncated)");
    }

    /** Parses one directory entry at {@code pos}; returns the position of the next. */
    private long central(ByteBuffer b, long pos, long limit) {
        if (pos + 46 > limit || b.getInt((int) pos) != CENTRAL) throw bad(null, "central directory entry at byte " + pos + " is damaged");
        int p = (int) pos;
        int flags = u16(b, p + 8), method = u16(b, p + 10), nameLen = u16(b, p + 28), extraLen = u16(b, p + 30), commentLen = u16(b, p + 32);
        long crc = u32(b, p + 16), stored = u32(b, p + 20), size = u32(b, p + 24), header = u32(b, p + 42);
        if (p + 46L + nameLen + extraLen + commentLen > limit) throw bad(null, "central directory entry at byte " + pos + " runs past the directory");
        String name = new String(bytes, p + 46, nameLen, StandardCharsets.UTF_8);
        long[] big = zip64(b, p + 46 + nameLen, extraLen, size, stored, header, name);
        size = big[0];
        stored = big[1];
        header = big[2];
        if ((flags & 1) != 0) throw bad(name, "record is encrypted");
        if (method != 0 && method != 8) throw bad(name, "compression method " + method + " is not supported (stored or deflated only)");
        if (method == 0 && stored != size) throw bad(name, "stored record has compressed size " + stored + " but size " + size);
        if (header < 0 || header + 30 > bytes.length || b.getInt((int) header) != LOCAL) throw bad(name, "local header at byte " + header + " is missing (truncated or damaged)");
        int h = (int) header, ln = u16(b, h + 26), le = u16(b, h + 28);
        if (!new String(bytes, h + 30, Math.min(ln, bytes.length - h - 30), StandardCharsets.UTF_8).equals(name)) throw bad(name, "local header names another record");
        long data = header + 30 + ln + le;
        if (data + stored > bytes.length) throw bad(name, "data (" + stored + " bytes at " + data + ") runs past the end of the file (truncated?)");
        if (records.put(name, new Record(name, method, crc, stored, size, header, data)) != null) throw bad(name, "record name appears twice");
        return pos + 46 + nameLen + extraLen + commentLen;
    }

    /** Sizes and offset from the zip64 extra field (id 1) where the 32-bit fields hold 0xFFFFFFFF. */
    private long[] zip64(ByteBuffer b, int at, int len, long size, long stored, long header, String name) {
        long[] v = {size, stored, header};
        if (size != MASK32 && stored != MASK32 && header != MASK32) return v;
        for (int q = at; q + 4 <= at + len; q += 4 + u16(b, q + 2)) {
            if (q + 4 + u16(b, q + 2) > at + len) throw bad(name, "extra field runs past its entry");
            if (u16(b, q) != 1) continue;
            int r = q + 4;
            for (int i = 0; i < 3; i++)
                if (v[i] == MASK32) {
                    if (r + 8 > q + 4 + u16(b, q + 2)) throw bad(name, "zip64 extra field is too short");
                    v[i] = b.getLong(r);
                    r += 8;
                }
            return v;
        }
        throw bad(name, "sizes need a zip64 extra field but there is none");
    }

    private String commonPrefix() {
        String first = records.keySet().iterator().next();
        int slash = first.indexOf('/');
        if (slash <= 0) throw bad(first, "record is not inside a top folder (PyTorch archives keep every record under one folder)");
        String top = first.substring(0, slash);
        for (String n : records.keySet())
            if (!n.startsWith(top + "/") || n.length() == top.length() + 1) throw bad(n, "record is outside the archive folder '" + top + "/'");
        return top;
    }

    /** Records must not overlap each other or the directory. */
    private void checkLayout(long cdOffset) {
        List<Record> sorted = new ArrayList<>(records.values());
        sorted.sort(Comparator.comparingLong(Record::header));
        for (int i = 0; i < sorted.size(); i++) {
            Record r = sorted.get(i);
            long next = i + 1 < sorted.size() ? sorted.get(i + 1).header() : cdOffset;
            if (r.data() + r.stored() > next) throw bad(r.name(), "data overlaps the next record or the directory");
        }
    }

    private byte[] content(Record r) {
        int from = (int) r.data(), n = (int) r.stored();
        if (r.method() == 0) return java.util.Arrays.copyOfRange(bytes, from, from + n);
        if (r.size() > Integer.MAX_VALUE - 64) throw bad(r.name(), "declared size " + r.size() + " is too large");
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(bytes, from, n);
            byte[] out = new byte[(int) r.size() + 1];            // one spare byte catches streams that run long
            int got = 0;
            while (!inf.finished() && got < out.length) {
                int k = inf.inflate(out, got, out.length - got);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) break;
                got += k;
            }
            if (!inf.finished() || got != r.size()) throw bad(r.name(), "deflated data does not give the declared " + r.size() + " bytes");
            return java.util.Arrays.copyOf(out, got);
        } catch (DataFormatException e) {
            throw bad(r.name(), "deflated data is damaged: " + e.getMessage());
        } finally {
            inf.end();
        }
    }

    private void check(Record r, byte[] content) {
        if (content.length != r.size()) throw bad(r.name(), "content is " + content.length + " bytes, the directory says " + r.size());
        CRC32 crc = new CRC32();
        crc.update(content);
        if (crc.getValue() != r.crc()) throw bad(r.name(), String.format("CRC-32 is %08x, the directory says %08x (damaged file)", crc.getValue(), r.crc()));
    }

    private static int u16(ByteBuffer b, int at) { return b.getShort(at) & 0xFFFF; }

    private static long u32(ByteBuffer b, int at) { return b.getInt(at) & MASK32; }

    private TorchFileException bad(String entry, String what) { return new TorchFileException(file, entry, what); }
}
