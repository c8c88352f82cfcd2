package org.jnequip.nequip.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jnequip.nequip.TestDirs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Real files: the bundled ethanol set, every *.extxyz (≤ 20 MB) under shared/data/*, and the benchmark
 * structures shared/bench/*.xyz all parse; the frame sizes add up to the file's line count
 * (Σ (N + 2) = lines), so no frame is skipped or split.
 */
class ExtXyzDataFilesTest {
    static final long MAX_BYTES = 20L << 20;

    @Test
    void bundledEthanol() {
        Path p = TestDirs.repoRoot().resolve("data/ethanol-gfn2xtb-500K/ethanol.extxyz");
        List<Structure> frames = ExtXyz.read(p);
        assertEquals(2000, frames.size());
        Structure s = frames.get(0);
        assertEquals("C2H6O", s.formula());
        assertEquals(-309.8839668867, s.energy());
        assertArrayEquals(new double[] {-0.0011, -0.01, 0.0}, java.util.Arrays.copyOf(s.positions(), 3));
        assertEquals(-0.6258984080, s.forces()[0]);
        assertEquals(0L, s.info().get("frame"));
        assertEquals("GFN2-xTB", s.info().get("method"));
        assertEquals(1999L, frames.get(1999).info().get("frame"));
        for (Structure f : frames) assertTrue(f.energy() != null && f.forces() != null && !f.isPeriodic());
    }

    @Test
    void sharedDataSetsAndBenchStructures() throws IOException {
        List<Path> files = new ArrayList<>();
        Path data = TestDirs.shared("data"), bench = TestDirs.shared("bench");
        Assumptions.assumeTrue(data != null || bench != null, "shared/data and shared/bench not found");
        if (data != null) try (Stream<Path> s = Files.walk(data, 2)) {
            s.filter(p -> p.toString().endsWith(".extxyz")).sorted().forEach(files::add);
        }
        if (bench != null) try (Stream<Path> s = Files.list(bench)) {
            s.filter(p -> p.toString().endsWith(".xyz")).sorted().forEach(files::add);
        }
        int read = 0;
        long t0 = System.nanoTime(), bytes = 0;
        for (Path f : files) {
            if (Files.size(f) > MAX_BYTES) continue;
            List<Structure> frames = ExtXyz.read(f);
            assertTrue(!frames.isEmpty(), f.toString());
            long lines;
            try (Stream<String> l = Files.lines(f)) { lines = l.count(); }
            long expected = frames.stream().mapToLong(s -> s.numAtoms() + 2).sum();
            assertEquals(lines, expected, f + ": lines vs frames");
            for (Structure s : frames) if (s.isPeriodic()) assertTrue(s.volume() > 0, f.toString());
            read++;
            bytes += Files.size(f);
        }
        System.out.printf("read %d extxyz files, %.1f MB in %.2f s%n", read, bytes / 1e6, (System.nanoTime() - t0) / 1e9);
        assertTrue(read > 0);
    }
}
