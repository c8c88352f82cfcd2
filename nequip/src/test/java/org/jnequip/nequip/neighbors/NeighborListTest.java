package org.jnequip.nequip.neighbors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.jnequip.nequip.TestDirs;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Cell-list neighbour list = brute-force search (exact edge sets) on periodic, mixed and open systems. */
class NeighborListTest {
    static final boolean[] TTT = {true, true, true}, FFF = {false, false, false};

    /** Edges equal the brute-force set, without duplicates, sorted by (i, j, S). */
    static Edges check(double[] pos, double[] cell, boolean[] pbc, double rMax) {
        Edges e = NeighborList.build(pos, cell, pbc, rMax);
        Set<String> got = BruteForce.keys(e), want = BruteForce.edges(pos, cell, pbc, rMax);
        assertEquals(e.count(), got.size(), "duplicate edges");
        BruteForce.assertSameEdges(want, got, "cell list vs brute force");
        for (int k = 1; k < e.count(); k++) assertTrue(compare(e, k - 1, k) < 0, "edges not sorted at " + k);
        return e;
    }

    static int compare(Edges e, int a, int b) {
        int c = Integer.compare(e.center()[a], e.center()[b]);
        if (c == 0) c = Integer.compare(e.neighbor()[a], e.neighbor()[b]);
        for (int k = 0; c == 0 && k < 3; k++) c = Integer.compare(e.shifts()[3 * a + k], e.shifts()[3 * b + k]);
        return c;
    }

    /** n atoms at fractional coordinates in [lo, hi) of the cell (outside the cell when lo < 0 or hi > 1). */
    static double[] randomPositions(Random rng, int n, double[] cell, double lo, double hi) {
        double[] p = new double[3 * n];
        for (int i = 0; i < n; i++) {
            double f0 = lo + (hi - lo) * rng.nextDouble(), f1 = lo + (hi - lo) * rng.nextDouble(), f2 = lo + (hi - lo) * rng.nextDouble();
            for (int k = 0; k < 3; k++) p[3 * i + k] = f0 * cell[k] + f1 * cell[3 + k] + f2 * cell[6 + k];
        }
        return p;
    }

    static double[] randomTriclinic(Random rng, double len, double skew) {
        return new double[] {
            len * (0.8 + 0.4 * rng.nextDouble()), 0, 0,
            skew * (rng.nextDouble() - 0.5) * len, len * (0.8 + 0.4 * rng.nextDouble()), 0,
            skew * (rng.nextDouble() - 0.5) * len, skew * (rng.nextDouble() - 0.5) * len, len * (0.8 + 0.4 * rng.nextDouble())};
    }

    @Test
    void randomPeriodicCells() {
        for (int seed = 0; seed < 6; seed++) {
            Random rng = new Random(seed);
            double[] cell = randomTriclinic(rng, 7.0, seed < 3 ? 0.0 : 0.9);
            double[] pos = randomPositions(rng, 40, cell, -0.3, 1.3);
            check(pos, cell, TTT, 3.3);
        }
    }

    @Test
    void triclinicCellThinnerThanCutoff() {
        double[] cell = {2.1, 0, 0, 1.3, 1.9, 0, -0.7, 0.9, 2.4};  // widths ≈ 1.7-2.2 Å, all < r_max
        Random rng = new Random(11);
        Edges e = check(randomPositions(rng, 5, cell, 0, 1), cell, TTT, 4.0);
        assertTrue(e.count() > 100, "many periodic images expected, got " + e.count());
        // one atom: only its own periodic images
        Edges self = check(new double[] {0.3, 0.2, 0.1}, cell, TTT, 4.0);
        for (int k = 0; k < self.count(); k++) assertEquals(0, self.neighbor()[k]);
        assertTrue(self.count() > 0);
    }

    @Test
    void randomCellsSmallerThanTwiceCutoff() {
        for (int seed = 20; seed < 24; seed++) {
            Random rng = new Random(seed);
            double[] cell = randomTriclinic(rng, 4.0, 0.8);
            check(randomPositions(rng, 12, cell, -0.5, 1.5), cell, TTT, 3.0);
        }
    }

    @Test
    void mixedPeriodicity() {
        boolean[][] cases = {{true, true, false}, {true, false, false}, {false, true, false}, {false, false, true}, {true, false, true}};
        int seed = 40;
        for (boolean[] pbc : cases) {
            Random rng = new Random(seed++);
            double[] cell = randomTriclinic(rng, 6.0, 0.6);
            // atoms reach well outside the cell along every axis, periodic or not
            check(randomPositions(rng, 30, cell, -1.0, 2.0), cell, pbc, 3.5);
        }
    }

    @Test
    void slabWithZeroVectorOnOpenAxis() {
        double[] cell = {5.0, 0, 0, 1.5, 4.5, 0, 0, 0, 0};
        Random rng = new Random(5);
        double[] pos = new double[3 * 25];
        for (int i = 0; i < 25; i++) {
            pos[3 * i] = 8 * rng.nextDouble() - 1;
            pos[3 * i + 1] = 6 * rng.nextDouble() - 1;
            pos[3 * i + 2] = 10 * rng.nextDouble() - 5;
        }
        check(pos, cell, new boolean[] {true, true, false}, 3.0);
    }

    @Test
    void moleculeWithoutCell() {
        Random rng = new Random(3);
        double[] pos = new double[3 * 60];
        for (int i = 0; i < pos.length; i++) pos[i] = 12 * rng.nextDouble() - 20;
        check(pos, null, FFF, 3.0);
        check(pos, new double[9], FFF, 3.0);                                  // zero cell
        check(pos, new double[] {3, 0, 0, 0, 3, 0, 0, 0, 3}, FFF, 3.0);       // cell ignored when pbc F F F
        assertEquals(2, check(java.util.Arrays.copyOf(pos, 6), null, FFF, 100.0).count());  // huge cutoff
        assertEquals(2, NeighborList.build(java.util.Arrays.copyOf(pos, 6), null, null, 100.0).count()); // pbc null = F F F
    }

    @Test
    void isolatedAndEmpty() {
        assertEquals(0, check(new double[] {1, 2, 3}, null, FFF, 5.0).count());
        assertEquals(0, check(new double[] {1, 2, 3}, new double[] {10, 0, 0, 0, 10, 0, 0, 0, 10}, TTT, 5.0).count());
        assertEquals(0, NeighborList.build(new double[0], null, FFF, 5.0).count());
        // two atoms 6 Å apart with r_max 5: no edges
        assertEquals(0, check(new double[] {0, 0, 0, 6, 0, 0}, null, FFF, 5.0).count());
    }

    @Test
    void strictCutoffAndEdgeVectors() {
        double[] pos = {0, 0, 0, 1.5, 0, 0, 0, 2.0, 0};
        Edges e = check(pos, null, FFF, 2.0);   // only 0-1 (1.5 Å); 0-2 at exactly 2.0 Å is excluded
        assertEquals(2, e.count());
        double[] cell = {3, 0, 0, 0, 3, 0, 0, 0, 3};
        Edges p = NeighborList.build(pos, cell, TTT, 2.0);
        double[] v = p.vectors(pos, cell), d = p.lengths(pos, cell);
        for (int k = 0; k < p.count(); k++) {
            int i = p.center()[k], j = p.neighbor()[k];
            for (int c = 0; c < 3; c++) {
                double want = pos[3 * j + c] - pos[3 * i + c] + p.shifts()[3 * k] * cell[c] + p.shifts()[3 * k + 1] * cell[3 + c] + p.shifts()[3 * k + 2] * cell[6 + c];
                assertEquals(want, v[3 * k + c], 0.0);
            }
            assertTrue(d[k] < 2.0);
        }
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> NeighborList.build(new double[3], null, TTT, 3.0));
        assertThrows(IllegalArgumentException.class, () -> NeighborList.build(new double[3], new double[9], TTT, 3.0));
        assertThrows(IllegalArgumentException.class, () -> NeighborList.build(new double[3], null, FFF, 0.0));
        assertThrows(IllegalArgumentException.class, () -> NeighborList.build(new double[] {0, Double.NaN, 0}, null, FFF, 3.0));
    }

    /** The benchmark water boxes: brute-force agreement and the edge counts nequip 0.6.2 reported (bench/README). */
    @Test
    void waterBoxes() {
        Path bench = TestDirs.shared("bench");
        Assumptions.assumeTrue(bench != null, "shared/bench not found");
        for (String[] c : new String[][] {{"water192.xyz", "7566"}, {"water1536.xyz", "60376"}}) {
            Structure s = ExtXyz.read(bench.resolve(c[0])).get(0);
            Edges e = check(s.positions(), s.cell(), s.pbc(), 4.5);
            assertEquals(Integer.parseInt(c[1]), e.count(), c[0]);
            long best = Long.MAX_VALUE;
            for (int rep = 0; rep < 5; rep++) {
                long t0 = System.nanoTime();
                NeighborList.build(s.positions(), s.cell(), s.pbc(), 4.5);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("neighbour list %s (%d atoms, r_max 4.5): %d edges, best of 5 %.2f ms%n",
                    c[0], s.numAtoms(), e.count(), best / 1e6);
        }
    }
}
