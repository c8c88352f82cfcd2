package org.jnequip.nequip.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy/.npz decoding and the MD17 / rMD17 readers, on fixtures written here with a tiny NPY writer. */
class NpzTest {
    static final double KCAL = Units.KCAL_PER_MOL_IN_EV;

    /** A .npy file: version 1 (or 2), dtype descr, C order, values converted to the dtype. */
    static byte[] npy(String descr, int[] shape, double[] values, int version, boolean fortran) {
        StringBuilder sh = new StringBuilder("(");
        for (int d : shape) sh.append(d).append(", ");
        if (shape.length > 1) sh.setLength(sh.length() - 2);
        else if (shape.length == 1) sh.setLength(sh.length() - 1);
        sh.append(")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + sh + ", }";
        int pre = version == 1 ? 10 : 12;
        int total = pre + dict.length() + 1;
        StringBuilder h = new StringBuilder(dict);
        while ((total % 64) != 0) { h.append(' '); total++; }
        h.append('\n');
        int size = switch (descr.substring(1)) { case "f8", "i8" -> 8; case "f4", "i4" -> 4; default -> 1; };
        ByteBuffer b = ByteBuffer.allocate(pre + h.length() + size * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) version).put((byte) 0);
        if (version == 1) b.putShort((short) h.length()); else b.putInt(h.length());
        b.put(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        for (double v : values) {
            switch (descr.substring(1)) {
                case "f8" -> b.putDouble(v);
                case "f4" -> b.putFloat((float) v);
                case "i8" -> b.putLong((long) v);
                case "i4" -> b.putInt((int) v);
                default -> b.put((byte) v);
            }
        }
        return b.array();
    }

    static void npz(Path file, Map<String, byte[]> arrays, boolean deflate) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            z.setMethod(deflate ? ZipOutputStream.DEFLATED : ZipOutputStream.STORED);
            for (var e : arrays.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey() + ".npy");
                if (!deflate) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(e.getValue());
                    ze.setSize(e.getValue().length);
                    ze.setCrc(crc.getValue());
                }
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
    }

    static double[] random(Random rng, int n, double scale) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = scale * rng.nextGaussian();
        return d;
    }

    @Test
    void md17OriginalKeys(@TempDir Path dir) throws IOException {
        Random rng = new Random(3);
        int frames = 4, n = 3;
        double[] r = random(rng, frames * n * 3, 1.5), e = random(rng, frames, 100), f = random(rng, frames * n * 3, 20);
        Map<String, byte[]> a = new LinkedHashMap<>();
        a.put("R", npy("<f8", new int[] {frames, n, 3}, r, 1, false));
        a.put("z", npy("<i8", new int[] {n}, new double[] {8, 1, 1}, 1, false));
        a.put("E", npy("<f8", new int[] {frames, 1}, e, 1, false));
        a.put("F", npy("<f8", new int[] {frames, n, 3}, f, 2, false));
        a.put("name", "not an npy at all".getBytes(StandardCharsets.UTF_8));  // metadata entries are ignored
        Path p = dir.resolve("md17.npz");
        npz(p, a, false);
        List<Structure> s = Md17.read(p);
        assertEquals(frames, s.size());
        for (int t = 0; t < frames; t++) {
            Structure st = s.get(t);
            assertArrayEquals(new int[] {8, 1, 1}, st.atomicNumbers());
            assertArrayEquals(java.util.Arrays.copyOfRange(r, 9 * t, 9 * t + 9), st.positions());
            assertEquals(e[t] * KCAL, st.energy(), 0.0);
            for (int k = 0; k < 9; k++) assertEquals(f[9 * t + k] * KCAL, st.forces()[k], 0.0);
            assertNull(st.cell());
        }
        // stored in eV already: no conversion
        assertEquals(e[2], Md17.read(p, "eV").get(2).energy(), 0.0);
    }

    @Test
    void rmd17Keys(@TempDir Path dir) throws IOException {
        Random rng = new Random(4);
        int frames = 3, n = 2;
        double[] r = random(rng, frames * n * 3, 1.0), e = random(rng, frames, 50), f = random(rng, frames * n * 3, 10);
        Map<String, byte[]> a = new LinkedHashMap<>();
        a.put("nuclear_charges", npy("|u1", new int[] {n}, new double[] {6, 1}, 1, false));
        a.put("coords", npy("<f4", new int[] {frames, n, 3}, r, 1, false));
        a.put("energies", npy("<f8", new int[] {frames}, e, 1, false));
        a.put("forces", npy("<f8", new int[] {frames, n, 3}, f, 1, false));
        a.put("old_indices", npy("<i4", new int[] {frames}, new double[] {5, 7, 9}, 1, false));
        Path p = dir.resolve("rmd17.npz");
        npz(p, a, true);
        List<Structure> s = Md17.read(p, "kcal/mol");
        assertEquals(frames, s.size());
        assertEquals((float) r[7], s.get(1).position(0, 1), 0.0);    // float32 storage, widened exactly
        assertEquals(e[1] * KCAL, s.get(1).energy(), 0.0);
        assertEquals(f[11] * KCAL, s.get(1).forces()[5], 0.0);
        assertArrayEquals(new int[] {6, 1}, s.get(0).atomicNumbers());
        try (Npz z = Npz.open(p)) {
            assertArrayEquals(new double[] {5, 7, 9}, z.array("old_indices").data());
            assertEquals("(3,)", z.array("old_indices").shapeString());
        }
    }

    @Test
    void errorsNameFileAndKey(@TempDir Path dir) throws IOException {
        Map<String, byte[]> a = new LinkedHashMap<>();
        a.put("R", npy("<f8", new int[] {2, 2, 3}, new double[12], 1, false));
        a.put("z", npy("<i8", new int[] {3}, new double[] {1, 1, 1}, 1, false));
        Path p = dir.resolve("bad_shape.npz");
        npz(p, a, false);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Md17.read(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("field 'z'"), e.getMessage());

        a.put("z", npy("<i8", new int[] {2}, new double[] {1, 1}, 1, false));
        double[] forces = new double[12];
        forces[7] = Double.NaN;
        a.put("F", npy("<f8", new int[] {2, 2, 3}, forces, 1, false));
        Path q = dir.resolve("nan.npz");
        npz(q, a, false);
        e = assertThrows(DataFormatException.class, () -> Md17.read(q));
        assertTrue(e.getMessage().contains("field 'F'") && e.getMessage().contains("non-finite") && e.frame() == 1, e.getMessage());

        a.put("F", npy("<f8", new int[] {2, 2, 3}, new double[12], 1, true));
        Path fo = dir.resolve("fortran.npz");
        npz(fo, a, false);
        e = assertThrows(DataFormatException.class, () -> Md17.read(fo));
        assertTrue(e.getMessage().contains("field 'F'") && e.getMessage().contains("fortran_order=True"), e.getMessage());

        a.put("F", npy(">f8", new int[] {2, 2, 3}, new double[12], 1, false));
        Path be = dir.resolve("bigendian.npz");
        npz(be, a, false);
        e = assertThrows(DataFormatException.class, () -> Md17.read(be));
        assertTrue(e.getMessage().contains("big-endian"), e.getMessage());

        Path none = dir.resolve("other.npz");
        npz(none, Map.of("x", npy("<f8", new int[] {1}, new double[1], 1, false)), false);
        e = assertThrows(DataFormatException.class, () -> Md17.read(none));
        assertTrue(e.getMessage().contains("rMD17 keys") && e.getMessage().contains("[x]"), e.getMessage());

        Path notZip = dir.resolve("text.npz");
        Files.writeString(notZip, "hello");
        e = assertThrows(DataFormatException.class, () -> Md17.read(notZip));
        assertTrue(e.getMessage().contains(notZip.toString()), e.getMessage());

        try (Npz z = Npz.open(p)) {
            e = assertThrows(DataFormatException.class, () -> z.array("missing"));
            assertTrue(e.getMessage().contains("field 'missing'"), e.getMessage());
        }
    }

    /**
     * A flipped bit in the data of an archive is an error, never data: ZipFile does not check the stored CRC-32
     * when it reads an entry, so the reader does (stored and deflated entries).
     */
    @Test
    void corruptedArchiveIsAnErrorNamingTheEntry(@TempDir Path dir) throws IOException {
        double[] r = new double[18];
        for (int i = 0; i < r.length; i++) r[i] = 0.5 * i;
        Map<String, byte[]> a = new LinkedHashMap<>();
        a.put("R", npy("<f8", new int[] {2, 3, 3}, r, 1, false));
        a.put("z", npy("<i8", new int[] {3}, new double[] {8, 1, 1}, 1, false));
        Path stored = dir.resolve("stored.npz");
        npz(stored, a, false);
        byte[] b = Files.readAllBytes(stored);
        byte[] needle = java.nio.ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(r[10]).array();
        int at = indexOf(b, needle);
        assertTrue(at > 0);
        b[at + 3] ^= 0x10;                                      // R[10] changes, and nothing else does
        Files.write(stored, b);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Md17.read(stored));
        assertTrue(e.getMessage().startsWith(stored + ": field 'R': CRC-32 of the entry is "), e.getMessage());
        assertTrue(e.getMessage().endsWith("the archive is damaged"), e.getMessage());

        Path deflated = dir.resolve("deflated.npz");
        npz(deflated, a, true);
        b = Files.readAllBytes(deflated);
        int data = indexOf(b, "R.npy".getBytes(StandardCharsets.US_ASCII)) + 5;   // first entry's compressed bytes follow its name
        for (int k = 20; k < 60; k++) b[data + k] ^= (byte) 0x55;
        Files.write(deflated, b);
        e = assertThrows(DataFormatException.class, () -> Md17.read(deflated));
        assertTrue(e.getMessage().startsWith(deflated + ": field 'R': "), e.getMessage());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) if (hay[i + k] != needle[k]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void npyHeaderVariants() {
        NpyArray s = NpyArray.parse(npy("<f8", new int[0], new double[] {2.5}, 1, false));
        assertEquals(0, s.shape().length);
        assertEquals(2.5, s.data()[0]);
        NpyArray v2 = NpyArray.parse(npy("<i4", new int[] {2, 3}, new double[] {1, -2, 3, -4, 5, -6}, 2, false));
        assertArrayEquals(new int[] {2, 3}, v2.shape());
        assertArrayEquals(new int[] {1, -2, 3, -4, 5, -6}, v2.toIntArray("x"));
        NpyArray i1 = NpyArray.parse(npy("|i1", new int[] {2}, new double[] {-3, 4}, 1, false));
        assertArrayEquals(new double[] {-3, 4}, i1.data());
        assertThrows(IllegalArgumentException.class, () -> NpyArray.parse(npy("<f8", new int[] {4}, new double[] {1, 2}, 1, false)));
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class,
                () -> NpyArray.parse(npy("<U7", new int[] {1}, new double[0], 1, false)));
        assertTrue(u.getMessage().contains("'<U7'"), u.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NpyArray.parse(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
    }
}
