package org.jnequip.nequip.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MdRunner end to end: outputs, progress, seeding, fixed atoms, initial velocities, and the analyses on its trajectory. */
class MdRunnerTest {
    @TempDir Path tmp;

    @Test
    void langevinRunWritesThermoAndTrajectoryThatAnalysesRead() throws Exception {
        Path csv = tmp.resolve("thermo.csv"), xyz = tmp.resolve("traj.xyz");
        // melt fcc argon at ρσ³ ≈ 0.77 (a = 5.9 Å) for 5 ps at 400 K, then run the liquid at 120 K with weak friction
        MdRunner.MdResult melt = MdRunner.run(MdOptions.langevin(5.0, 1000, 400).withInitialTemperature(400, 1),
                LennardJones.argon(), TestSystems.fccArgon(2, 5.9, 0.05, 1), null);
        MdOptions o = MdOptions.langevin(5.0, 3000, 120).withThermostat(0.002, 500, 3).withOutputs(csv, 10, xyz, 20);
        List<long[]> calls = new ArrayList<>();
        MdRunner.MdResult r = MdRunner.run(o, LennardJones.argon(), melt.finalSystem(),
                (done, total, eta) -> calls.add(new long[]{done, total, Math.round(eta * 1000)}));
        assertEquals(200, calls.size());
        assertEquals(3000, calls.get(calls.size() - 1)[0]);
        assertEquals(0, calls.get(calls.size() - 1)[2]);
        for (int k = 1; k < calls.size(); k++) assertTrue(calls.get(k)[0] > calls.get(k - 1)[0]);
        assertEquals(3001, r.forceCalls());

        List<String> lines = Files.readAllLines(csv);
        assertEquals(ThermoLog.HEADER, lines.get(0));
        assertEquals(1 + 301, lines.size());
        List<Structure> traj = ExtXyz.read(xyz);
        assertEquals(151, traj.size());
        Structure last = traj.get(150);
        String[] row = lines.get(301).split(",");
        assertEquals("3000", row[0]);
        assertEquals(Double.parseDouble(row[2]), last.energy(), 1e-9, "trajectory energy = thermo potential");
        assertEquals(15000.0, ((Number) last.info().get("time_fs")).doubleValue());
        assertArrayEquals(r.finalSystem().positions(), last.positions(), 0.0, "trajectory positions are exact");
        double[] f = last.forces(), fr = LennardJones.argon().compute(last.positions(), last.atomicNumbers(), last.cell(), last.pbc()).forces();
        assertArrayEquals(fr, f, 1e-12, "trajectory forces belong to the positions");
        double[] cell = last.cell();
        for (double x : last.positions()) assertTrue(x >= 0 && x < cell[0], "wrapped into the cubic cell: " + x);

        List<Structure> prod = traj.subList(25, 151); // 2.5 ps to relax the melt to 120 K
        Rdf.Result g = Analysis.rdf(prod, 5.5, 55);
        int peak = 0;
        for (int b = 0; b < g.total().length; b++) if (g.total()[b] > g.total()[peak]) peak = b;
        assertTrue(g.r()[peak] > 3.5 && g.r()[peak] < 4.2, "first RDF peak of liquid argon at " + g.r()[peak]);
        assertTrue(g.total()[peak] > 2, "first RDF peak height " + g.total()[peak]);
        Adf.Result a = Analysis.adf(prod, 18, 18, 18, 4.6, 36);
        Msd.Result m = Analysis.msd(prod, 100.0, 60, true, true);
        Msd.Diffusivity d = Analysis.diffusivity(m, "Ar", 1.0, 6.0);
        System.out.printf("liquid Ar (32 atoms, 12.5 ps Langevin at 120 K, <T> %.1f K): RDF peak %.2f Å (g=%.2f), D = %.3f Å²/ps = %.2e cm²/s%n",
                r.meanTemperatureK(), g.r()[peak], g.total()[peak], d.dA2PerPs(), d.dCm2PerS());
        // liquid argon: ~0.24 Å²/ps at 90 K (experiment); a solid would give ~0.01; 32 atoms and 12 ps are noisy
        assertTrue(d.dA2PerPs() > 0.05 && d.dA2PerPs() < 0.6, "liquid-argon diffusivity " + d.dA2PerPs());

        Analysis.writeRdf(g, tmp.resolve("rdf.csv"), tmp.resolve("rdf.png"));
        Analysis.writeAdf(a, "Ar-Ar-Ar", tmp.resolve("adf.csv"), tmp.resolve("adf.png"));
        Analysis.writeMsd(m, tmp.resolve("msd.csv"), tmp.resolve("msd.png"));
        assertEquals("r_A,g_total,g_Ar-Ar", Files.readAllLines(tmp.resolve("rdf.csv")).get(0));
        assertEquals(56, Files.readAllLines(tmp.resolve("rdf.csv")).size());
        assertEquals(37, Files.readAllLines(tmp.resolve("adf.csv")).size());
        assertEquals("time_ps,msd_all_A2,msd_Ar_A2", Files.readAllLines(tmp.resolve("msd.csv")).get(0));
        BufferedImage img = ImageIO.read(tmp.resolve("rdf.png").toFile());
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());
        assertTrue(Files.size(tmp.resolve("adf.png")) > 1000);
    }

    @Test
    void sameSeedSameTrajectoryOtherSeedDifferent() {
        MdOptions o = MdOptions.langevin(5.0, 300, 100).withInitialTemperature(100, 11);
        MdSystem s = TestSystems.fccArgon(2, 5.6, 0.05, 1);
        double[] a = MdRunner.run(o, LennardJones.argon(), s, null).finalSystem().positions();
        double[] b = MdRunner.run(o, LennardJones.argon(), s, null).finalSystem().positions();
        double[] c = MdRunner.run(o.withInitialTemperature(100, 12), LennardJones.argon(), s, null).finalSystem().positions();
        assertArrayEquals(a, b, 0.0);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void fixedAtomsStayPutAndAreNotCountedAsDegreesOfFreedom() {
        boolean[] fixed = new boolean[13];
        fixed[0] = fixed[5] = true;
        MdSystem s = TestSystems.icosahedron(3.65).withFixed(fixed);
        MdRunner.MdResult r = MdRunner.run(MdOptions.noseHoover(5.0, 500, 30).withInitialTemperature(30, 2),
                new LennardJones(0.0104, 3.4, 8.5, true, 0), s, null);
        assertEquals(3 * 11, r.degreesOfFreedom());
        for (int i : new int[]{0, 5})
            for (int k = 0; k < 3; k++) {
                assertEquals(s.positions()[3 * i + k], r.finalSystem().positions()[3 * i + k], 0.0);
                assertEquals(0.0, r.finalSystem().velocities()[3 * i + k], 0.0);
            }
        assertTrue(r.maxConservedDeviation() / 13 < 1e-4, "NHC extended energy with fixed atoms: " + r.maxConservedDeviation());
    }

    @Test
    void maxwellBoltzmannHitsTheTemperatureExactlyWithZeroMomentum() {
        MdState s = new MdState(TestSystems.fccArgon(2, 5.3, 0, 1));
        Velocities.maxwellBoltzmann(s, 250.0, 5, true);
        assertEquals(250.0, s.temperature(s.degreesOfFreedom(true)), 1e-10);
        for (double p : s.momentum()) assertEquals(0.0, p, 1e-13);
        assertEquals(93, s.degreesOfFreedom(true));
        assertEquals(96, s.degreesOfFreedom(false));
        // the per-component variance is k_B T/(m MVV): check it on a large sample without momentum removal
        MdState big = new MdState(TestSystems.fccArgon(6, 5.3, 0, 1));
        Velocities.maxwellBoltzmann(big, 250.0, 6, false);
        double var = 0;
        for (double v : big.vel) var += v * v;
        var /= big.vel.length;
        assertEquals(MdUnits.KB * 250 / (39.948 * MdUnits.MVV), var, 1e-12);
    }

    @Test
    void unitsAreTheDocumentedOnes() {
        assertEquals(103.6427, MdUnits.MVV, 1e-4);
        assertEquals(8.617333262e-5, MdUnits.KB, 1e-14);
    }

    @Test
    void badOptionsAreRejectedWithReasons() {
        assertThrows(IllegalArgumentException.class, () -> MdOptions.nve(0, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MdOptions.langevin(1, 10, 0));
        assertTrue(e.getMessage().contains("LANGEVIN needs a temperature"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MdSystem(new int[]{18}, new double[]{0, 0}, null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new MdSystem(new int[]{18}, new double[3], null, new boolean[]{true, true, true}, null, null, null));
    }
}
