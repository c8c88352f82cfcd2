package org.jnequip.nequip.md;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that leaves physics stops with an error naming the step and the limit; a stop request ends a run after
 * the step in progress with every output line and frame whole; a run of 0 steps reports its starting state.
 */
class MdGuardsTest {
    @TempDir Path tmp;

    @Test
    void atomsOnTopOfOneAnotherAreRefusedAtTheStart() {
        MdSystem s = MdSystem.molecule(new int[]{18, 18, 18}, new double[]{0, 0, 0, 0.3, 0, 0, 4, 0, 0});
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MdRunner.run(MdOptions.nve(1.0, 10), LennardJones.argon(), s, null));
        assertEquals("md: stopped at step 0: atoms 0 (Ar) and 1 (Ar) are 0.3000 Å apart, closer than the limit of 0.5 Å; the system has left "
                + "physics (atoms on top of one another, a cell too small for the structure, a time step too long?)", e.getMessage());
    }

    /** Argon atoms 2.2 Å apart (σ = 3.4 Å) fly apart at a huge speed; with a low limit the run stops at the first step beyond it. */
    @Test
    void temperatureAboveTheLimitStopsTheRunAtThatStep() throws Exception {
        MdSystem s = MdSystem.molecule(new int[]{18, 18, 18, 18}, new double[]{0, 0, 0, 2.2, 0, 0, 0, 2.2, 0, 0, 0, 2.2});
        Path csv = tmp.resolve("thermo.csv");
        MdOptions o = MdOptions.nve(2.0, 200).withInitialTemperature(10, 1).withOutputs(csv, 1, tmp.resolve("t.xyz"), 1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MdRunner.run(o, LennardJones.argon(), s, null, new MdGuards(5000, 0.5), () -> false));
        var m = java.util.regex.Pattern.compile("md: stopped at step (\\d+): temperature (\\S+) K is above the limit of 5\\.00e\\+03 K").matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        int step = Integer.parseInt(m.group(1));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(step + 2, lines.size(), "header and steps 0.." + step);
        assertTrue(Double.parseDouble(lines.get(lines.size() - 1).split(",")[5]) > 5000);
        assertTrue(Double.parseDouble(lines.get(lines.size() - 2).split(",")[5]) <= 5000);
        assertEquals(step + 1, ExtXyz.read(tmp.resolve("t.xyz")).size());
        // without the limit the same run goes on
        assertEquals(200, MdRunner.run(o.withOutputs(null, 0, null, 0), LennardJones.argon(), s, null, MdGuards.NONE, () -> false).steps());
    }

    @Test
    void aStopRequestEndsTheRunWithWholeFiles() throws Exception {
        Path csv = tmp.resolve("thermo.csv"), xyz = tmp.resolve("traj.xyz");
        AtomicLong calls = new AtomicLong();
        MdOptions o = MdOptions.langevin(5.0, 1000, 100).withInitialTemperature(100, 3).withOutputs(csv, 2, xyz, 3);
        MdRunner.MdResult r = MdRunner.run(o, LennardJones.argon(), TestSystems.fccArgon(2, 5.9, 0.05, 1), null, MdGuards.DEFAULT,
                () -> calls.incrementAndGet() > 17);
        assertEquals(17, r.steps());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(1 + 9, lines.size());                               // steps 0, 2, .., 16
        assertTrue(lines.get(9).startsWith("16,"), lines.get(9));
        List<Structure> frames = ExtXyz.read(xyz);                       // steps 0, 3, .., 15; every one parses whole
        assertEquals(6, frames.size());
        assertEquals(15L, frames.get(5).info().get("step"));
    }

    @Test
    void zeroStepsReportTheStartingState() {
        MdOptions o = MdOptions.nve(5.0, 0).withInitialTemperature(300, 1);
        MdSystem s = TestSystems.fccArgon(2, 5.9, 0.05, 1);
        MdRunner.MdResult r = MdRunner.run(o, LennardJones.argon(), s, null);
        assertEquals(0, r.steps());
        assertEquals(300.0, r.meanTemperatureK(), 1e-9);
        double u = LennardJones.argon().compute(s.positions(), s.atomicNumbers(), s.cell(), s.pbc()).energy();
        assertEquals(u, r.meanPotentialEv(), 1e-12);
    }
}
