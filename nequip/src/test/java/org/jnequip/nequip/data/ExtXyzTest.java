package org.jnequip.nequip.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extended XYZ: write → read round trip, and parsing of ASE-written comment lines and columns. */
class ExtXyzTest {
    static final ExtXyz.Options D = ExtXyz.Options.DEFAULT;

    static Structure sample(Random rng, int n, boolean periodic) {
        int[] z = new int[n];
        double[] pos = new double[3 * n], f = new double[3 * n];
        for (int i = 0; i < n; i++) z[i] = new int[] {1, 6, 8, 29, 118}[rng.nextInt(5)];
        for (int i = 0; i < 3 * n; i++) { pos[i] = 10 * rng.nextGaussian(); f[i] = rng.nextGaussian() * Math.pow(10, rng.nextInt(12) - 6); }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("config_type", "bulk with spaces and a \"quote\"");
        info.put("step", 42L);
        info.put("temperature_K", 300.25);
        info.put("converged", true);
        info.put("dipole", new double[] {0.1, -2.5e-7, 3.0});
        info.put("kpts", new long[] {4, 4, 1});
        info.put("tag", "");
        double[] cell = periodic ? new double[] {5.1, 0, 0, 0.3, 4.9, 0, -0.2, 0.1, 6.7} : null;
        boolean[] pbc = periodic ? new boolean[] {true, true, false} : null;
        double[] stress = periodic ? new double[] {0.01, 1e-3, 2e-3, 1e-3, -0.02, 3e-4, 2e-3, 3e-4, 0.005} : null;
        return new Structure(pos, z, cell, pbc, -1234.5678901234567 * rng.nextDouble(), f, stress, info);
    }

    @Test
    void roundTripIsExact(@TempDir Path dir) {
        Random rng = new Random(1);
        List<Structure> frames = List.of(sample(rng, 7, true), sample(rng, 3, false),
                Structure.molecule(new int[] {8}, new double[] {0.1, 0.2, 0.3}), Structure.molecule(new int[0], new double[0]));
        Path p = dir.resolve("rt.extxyz");
        ExtXyz.write(p, frames);
        List<Structure> back = ExtXyz.read(p);
        assertEquals(frames, back);   // positions, numbers, cell, pbc, energy, forces, stress, info: all bit-exact
        assertEquals(frames, ExtXyz.parse(ExtXyz.toString(frames), "string", D));
        assertArrayEquals(new boolean[] {true, true, false}, back.get(0).pbc());
        assertEquals("bulk with spaces and a \"quote\"", back.get(0).info().get("config_type"));
    }

    @Test
    void gzipAndStreamingWithLimit(@TempDir Path dir) throws Exception {
        Random rng = new Random(2);
        List<Structure> frames = List.of(sample(rng, 4, true), sample(rng, 5, false), sample(rng, 6, true));
        Path gz = dir.resolve("f.extxyz.gz");
        try (var w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(gz)), StandardCharsets.UTF_8)) {
            ExtXyz.write(w, frames);
        }
        assertEquals(frames, ExtXyz.read(gz));
        assertEquals(frames.subList(0, 2), ExtXyz.read(gz, D.withMaxFrames(2)));
        try (ExtXyzReader r = ExtXyz.open(gz, D)) {
            int k = 0;
            while (r.hasNext()) assertEquals(frames.get(k++), r.next());
            assertEquals(3, k);
        }
    }

    @Test
    void aseStyleFrame() {
        String text = """
                2
                Lattice="5.0 0.0 0.0 0.0 5.0 0.0 1.0 0.0 5.0" Properties=species:S:1:pos:R:3:magmoms:R:1:forces:R:3:tags:I:1:fixed:L:1 energy=-1.5 stress="0.1 0.0 0.0 0.0 0.2 0.0 0.0 0.0 0.3" free_energy=-1.6 pbc="T T T" config_type=bulk is_relaxed comment="two words" arr=[1, 2, 3] key = spaced
                Cu  0.0 0.0 0.0   0.5   0.1 0.2 0.3   7 T
                Au  2.5 2.5 2.5  -0.5  -0.1 -0.2 -0.3 0 F
                """;
        Structure s = ExtXyz.parse(text, "ase", D).get(0);
        assertArrayEquals(new int[] {29, 79}, s.atomicNumbers());
        assertArrayEquals(new double[] {0, 0, 0, 2.5, 2.5, 2.5}, s.positions());
        assertArrayEquals(new double[] {0.1, 0.2, 0.3, -0.1, -0.2, -0.3}, s.forces());
        assertArrayEquals(new double[] {5, 0, 0, 0, 5, 0, 1, 0, 5}, s.cell());
        assertArrayEquals(new boolean[] {true, true, true}, s.pbc());
        assertEquals(-1.5, s.energy());
        assertArrayEquals(new double[] {0.1, 0, 0, 0, 0.2, 0, 0, 0, 0.3}, s.stress());
        assertEquals(-1.6, s.info().get("free_energy"));
        assertEquals("bulk", s.info().get("config_type"));
        assertEquals(Boolean.TRUE, s.info().get("is_relaxed"));
        assertEquals("two words", s.info().get("comment"));
        assertArrayEquals(new long[] {1, 2, 3}, (long[]) s.info().get("arr"));
        assertEquals("spaced", s.info().get("key"));
        assertEquals(125.0, s.volume(), 1e-12);
    }

    @Test
    void energyStressVariantsAndDefaults() {
        String freeOnly = "1\nProperties=species:S:1:pos:R:3 free_energy=-2.25\nH 0 0 0\n";
        assertEquals(-2.25, ExtXyz.parse(freeOnly, "x", D).get(0).energy());
        // Voigt stress: xx yy zz yz xz xy
        String voigt = "1\nLattice=\"2 0 0 0 2 0 0 0 2\" Properties=species:S:1:pos:R:3 stress=\"1 2 3 4 5 6\"\nH 0 0 0\n";
        Structure v = ExtXyz.parse(voigt, "x", D).get(0);
        assertArrayEquals(new double[] {1, 6, 5, 6, 2, 4, 5, 4, 3}, v.stress());
        assertArrayEquals(new boolean[] {true, true, true}, v.pbc());   // default with a Lattice
        // virial → stress = −virial / V, V = 8
        String vir = "1\nLattice=\"2 0 0 0 2 0 0 0 2\" Properties=species:S:1:pos:R:3 virial=\"8 0 0 0 16 0 0 0 -8\"\nH 0 0 0\n";
        assertArrayEquals(new double[] {-1, 0, 0, 0, -2, 0, 0, 0, 1}, ExtXyz.parse(vir, "x", D).get(0).stress(), 0.0);
        // plain XYZ: free comment, default Properties, no cell → F F F
        String plain = "2\nwater dimer fragment\nO 0 0 0\nH 0 0 0.96\n\n\n";
        Structure p = ExtXyz.parse(plain, "x", D).get(0);
        assertArrayEquals(new boolean[3], p.pbc());
        assertNull(p.cell());
        assertNull(p.energy());
        assertEquals(Boolean.TRUE, p.info().get("water"));
        // Z column instead of species
        String zcol = "2\nProperties=Z:I:1:pos:R:3\n8 0 0 0\n1 0 0 1\n";
        assertArrayEquals(new int[] {8, 1}, ExtXyz.parse(zcol, "x", D).get(0).atomicNumbers());
    }

    @Test
    void configurableKeys() {
        String t = "1\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3:forces:R:3:REF_forces:R:3 "
                + "energy=1.0 REF_energy=2.0 REF_stress=\"1 1 1 0 0 0\"\nH 0 0 0 9 9 9 1 2 3\n";
        Structure s = ExtXyz.parse(t, "x", D.withEnergyKey("REF_energy").withForcesKey("REF_forces").withStressKey("REF_stress")).get(0);
        assertEquals(2.0, s.energy());
        assertArrayEquals(new double[] {1, 2, 3}, s.forces());
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, s.stress());
        assertEquals(1.0, s.info().get("energy"));
        Structure d = ExtXyz.parse(t, "x", D).get(0);
        assertEquals(1.0, d.energy());
        assertArrayEquals(new double[] {9, 9, 9}, d.forces());
    }

    @Test
    void otherErrors() {
        String[][] cases = {
            {"1\nLattice=\"1 0 0 0 1 0\" Properties=species:S:1:pos:R:3\nH 0 0 0\n", "Lattice", "expected 9 numbers, found 6"},
            {"1\nProperties=species:S:1:pos:R:3 energy=abc\nH 0 0 0\n", "energy", "non-numeric value 'abc'"},
            {"1\nProperties=species:S:1:pos:R:3 energy=inf\nH 0 0 0\n", "energy", "non-finite value 'inf'"},
            {"1\nProperties=species:S:1:pos:R\nH 0 0 0\n", "Properties", "name:type:ncols"},
            {"1\nProperties=species:S:1:pos:R:2\nH 0 0\n", "Properties", "must be R:3"},
            {"1\nProperties=species:S:1:pos:R:3 comment=\"open\nH 0 0 0\n", "comment", "unterminated quote"},
            {"2\nProperties=species:S:1:pos:R:3\nH 0 0 0\n", "atoms", "expected 2 atom lines (the atom count on line 1), but the file ended after 1"},
            {"1\nProperties=species:S:1:pos:R:3 energy=1 energy=2\nH 0 0 0\n", "energy", "key 'energy' is given twice in the comment line"},
            {"1\nLattice=\"2 0 0 0 2 0 0 0 2\" lattice=\"2 0 0 0 2 0 0 0 2\" Properties=species:S:1:pos:R:3\nH 0 0 0\n", "lattice",
                "keys 'Lattice' and 'lattice' both given"},
            {"1\nLattice=\"1 0 0 2 0 0 0 0 1\" Properties=species:S:1:pos:R:3\nH 0 0 0\n", "Lattice", "the cell is singular (volume 0.0 Å³)"},
            {"1\nLattice=\"1 0 0 2 0 0 0 0 0\" Properties=species:S:1:pos:R:3 pbc=\"T T F\"\nH 0 0 0\n", "Lattice",
                "lattice vectors 0 and 1 are parallel"},
            {"99999999\nProperties=species:S:1:pos:R:3\nH 0 0 0\n", "atoms", "expected 99999999 atom lines (the atom count on line 1), but the file ended after 1"},
            {"999999999\nProperties=species:S:1:pos:R:3\nH 0 0 0\n", "atom count", "atom count 999999999 is more than a frame can hold"},
            {"1\n", "comment", "file ended after the atom-count line"},
            {"-1\nx\n", "atom count", "bad atom-count line '-1'"},
            {"1\nProperties=species:S:1:pos:R:3 pbc=\"T T\"\nH 0 0 0\n", "pbc", "expected 3 booleans"},
            {"1\nProperties=species:S:1:pos:R:3 virial=\"1 0 0 0 1 0 0 0 1\"\nH 0 0 0\n", "virial", "cell volume is zero"},
        };
        for (String[] c : cases) {
            DataFormatException e = assertThrows(DataFormatException.class, () -> ExtXyz.parse(c[0], "mem.xyz", D), c[2]);
            assertEquals(c[1], e.field(), e.getMessage());
            assertTrue(e.getMessage().startsWith("mem.xyz: frame 0, line "), e.getMessage());
            assertTrue(e.getMessage().contains(c[2]), e.getMessage());
        }
    }

    /**
     * A wrong atom count puts the next frame out of step; the error blames the count line of the frame that is
     * wrong, not the line where the reader noticed.
     */
    @Test
    void wrongAtomCountBlamesTheCountLine() {
        String frame = "Properties=species:S:1:pos:R:3\nH 0 0 0\nH 0 0 1\nH 0 0 2\n";
        DataFormatException few = assertThrows(DataFormatException.class, () -> ExtXyz.parse("2\n" + frame + "3\n" + frame, "mem.xyz", D));
        assertEquals("mem.xyz: frame 0, line 1, field 'atom count': the atom count on line 1 says 2 atoms, but line 5 is one more atom line "
                + "('H 0 0 2'); correct the count", few.getMessage());
        DataFormatException many = assertThrows(DataFormatException.class, () -> ExtXyz.parse("4\n" + frame + "3\n" + frame, "mem.xyz", D));
        assertEquals("mem.xyz: frame 0, line 1, field 'atom count': the atom count on line 1 says 4 atoms, but line 6 ('3') looks like the "
                + "next frame's atom count after 3 atom lines; correct the count", many.getMessage());
    }

    @Test
    void writerFormatIsAseLike() {
        Structure s = Structure.periodic(new int[] {14}, new double[] {0, 0.5, 1}, new double[] {5, 0, 0, 0, 5, 0, 0, 0, 5}).withEnergy(-3.0);
        String[] lines = ExtXyz.toString(List.of(s)).split("\n");
        assertEquals("1", lines[0]);
        assertEquals("Lattice=\"5.0 0.0 0.0 0.0 5.0 0.0 0.0 0.0 5.0\" Properties=species:S:1:pos:R:3 energy=-3.0 pbc=\"T T T\"", lines[1]);
        assertEquals(List.of("Si", "0.0", "0.5", "1.0"), List.of(lines[2].trim().split("\\s+")));
        Structure bad = s.withInfo(Map.of("Lattice", "x"));
        assertThrows(IllegalArgumentException.class, () -> ExtXyz.toString(List.of(bad)));
        assertFalse(ExtXyz.toString(List.of(s.withoutLabels())).contains("energy"));
    }
}
