package org.jnequip.nequip.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.DType;
import org.junit.jupiter.api.Test;

/**
 * Velocity Verlet driven by a NequIP model (float64, small, e3nn-style random weights scaled down so that the
 * molecule stays bound for the run): the total energy is conserved and the momentum stays zero. This checks
 * that the model's forces are the exact gradient of its energy along a trajectory, with edges entering and
 * leaving the cutoff (the polynomial cutoff makes that smooth).
 */
class NequipNveTest {
    @Test
    void ethanolConservesEnergy() {
        Path data = Path.of(System.getProperty("jnequip.repoRoot", "."), "data/ethanol-gfn2xtb-500K/ethanol.extxyz");
        Structure s = ExtXyz.read(data, new ExtXyz.Options("energy", "forces", "stress", 1)).get(0);
        NequipConfig cfg = new NequipConfig(List.of("H", "C", "O"), 3.0, 2, 1, true, 8, 6, true, 6, 1, 16,
                "silu", "tanh", "silu", "tanh", true, false, 4.0, null, null, 0.05, DType.F64);
        NequipForceField ff = new NequipForceField(NequipModel.create(cfg, 3));
        int steps = 1500;
        MdOptions o = MdOptions.nve(0.25, steps).withInitialTemperature(300.0, 5);
        MdRunner.MdResult r = MdRunner.run(o, ff, s, null);
        int n = s.numAtoms();
        System.out.printf("NequIP NVE ethanol: dt 0.25 fs, %d steps, <T> %.1f K, max|E-E0| %.3e eV/atom, %.1f s%n",
                r.steps(), r.meanTemperatureK(), r.maxConservedDeviation() / n, r.wallSeconds());
        assertTrue(r.maxConservedDeviation() / n < 1e-4, "max |E - E0| per atom " + r.maxConservedDeviation() / n);
        for (int k = 0; k < 3; k++) assertEquals(0.0, r.momentumEnd()[k], 1e-10, "momentum");
    }
}
