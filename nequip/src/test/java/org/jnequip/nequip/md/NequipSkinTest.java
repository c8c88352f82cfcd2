package org.jnequip.nequip.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.DType;
import org.junit.jupiter.api.Test;

/**
 * The force field with a Verlet skin (edges to r_max + skin kept while atoms move less than skin/2, the step
 * captured and replayed) against a fresh neighbour list on every call: periodic water moved step by step, atoms
 * wrapped back into the cell as they cross it. Energies, forces and virials agree to float64 rounding (the
 * extra edges contribute exact zeros, so only the summation grouping differs), while most calls are replays.
 */
class NequipSkinTest {
    static NequipModel model(String radialActivation) {
        NequipConfig cfg = new NequipConfig(List.of("H", "O"), 3.0, 2, 1, true, 8, 6, true, 6, 1, 16,
                radialActivation, "tanh", "silu", "tanh", true, false, 20.0, null, null, 1.0, DType.F64);
        return NequipModel.create(cfg, 11);
    }

    @Test
    void skinAndReplayGiveTheSameForcesAsARebuildEveryCall() {
        Path data = Path.of(System.getProperty("jnequip.repoRoot", "."), "data/water-deepmd-example/test-20.extxyz");
        Structure s = ExtXyz.read(data, new ExtXyz.Options("energy", "forces", "stress", 1)).get(0);
        NequipModel m = model("silu");
        NequipForceField fresh = new NequipForceField(m), skinned = new NequipForceField(m, 0.6);
        double[] pos = s.positions().clone(), cell = s.cell();
        double box = cell[0];
        int[] z = new int[s.numAtoms()];
        for (int i = 0; i < z.length; i++) z[i] = s.atomicNumber(i);
        SplittableRandom rng = new SplittableRandom(2);
        double[] drift = new double[pos.length];
        for (int k = 0; k < drift.length; k++) drift[k] = 0.03 * (rng.nextDouble() - 0.5);   // Å per call, like fast MD
        int calls = 24, wraps = 0;
        for (int c = 0; c < calls; c++) {
            ForceField.Result want = fresh.compute(pos, z, cell, s.pbc()), got = skinned.compute(pos, z, cell, s.pbc());
            assertEquals(want.energy(), got.energy(), 1e-12 * Math.abs(want.energy()), "energy, call " + c);
            assertClose(want.forces(), got.forces(), "forces, call " + c);
            assertClose(want.virial(), got.virial(), "virial, call " + c);
            for (int k = 0; k < pos.length; k++) {
                pos[k] += drift[k];
                if (pos[k] >= box) { pos[k] -= box; wraps++; }        // wrap into the cell, as MD codes do
                else if (pos[k] < 0) { pos[k] += box; wraps++; }
            }
        }
        System.out.printf("skin 0.6 Å: %d calls, %d list builds, %d replays, %d coordinate wraps%n", calls, skinned.rebuilds(), skinned.replays(), wraps);
        assertTrue(wraps > 0, "some atoms crossed the cell boundary");
        assertTrue(skinned.rebuilds() >= 2, "the list went stale at least once: " + skinned.rebuilds());
        assertEquals(calls, skinned.rebuilds() + skinned.replays(), "every call is a build or a replay");
        assertTrue(skinned.replays() > calls / 2, "most calls replay: " + skinned.replays());
    }

    static void assertClose(double[] want, double[] got, String what) {
        double num = 0, den = 0;
        for (int i = 0; i < want.length; i++) { num = Math.max(num, Math.abs(got[i] - want[i])); den = Math.max(den, Math.abs(want[i])); }
        assertTrue(num <= 1e-12 * den, what + ": max error " + num + " of max " + den);
    }

    @Test
    void aSkinIsRefusedWhenTheRadialActivationDoesNotVanishAtZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NequipForceField(model("sigmoid"), 1.0));
        assertTrue(e.getMessage().contains("sigmoid"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NequipForceField(model("silu"), -1));
    }
}
