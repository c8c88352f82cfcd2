package org.jnequip.nequip.md;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.jnequip.nequip.data.Structure;

/**
 * Runs MD with any {@link ForceField}: initial velocities, the integrator chosen by {@link MdOptions}, wrapping,
 * the thermo CSV ({@link ThermoLog}) and the extxyz trajectory ({@link MdXyz}), and progress reports.
 *
 * {@snippet :
 * MdOptions o = MdOptions.langevin(5.0, 10_000, 90.0).withInitialTemperature(90.0, 42)
 *         .withOutputs(Path.of("thermo.csv"), 10, Path.of("traj.xyz"), 100);
 * MdRunner.MdResult r = MdRunner.run(o, LennardJones.argon(), system, (done, total, eta) -> {});
 * }
 */
public final class MdRunner {
    private MdRunner() {}

    /** Called about 200 times per run and at the end. */
    @FunctionalInterface
    public interface Progress {
        void update(long stepsDone, long totalSteps, double etaSeconds);
    }

    /**
     * @param finalSystem           state after the last step (velocities included)
     * @param meanTemperatureK      mean of T over steps 1..steps
     * @param meanPotentialEv       mean of U over steps 1..steps
     * @param conservedStart        the integrator's conserved quantity at step 0 (eV)
     * @param maxConservedDeviation max |H(t) − H(0)| over the run (eV)
     * @param momentumStart         total momentum after the initial set-up (amu·Å/fs)
     */
    public record MdResult(MdSystem finalSystem, long steps, long forceCalls, double wallSeconds, int degreesOfFreedom,
                           double meanTemperatureK, double meanPotentialEv, double conservedStart, double conservedEnd,
                           double maxConservedDeviation, double[] momentumStart, double[] momentumEnd) {}

    /** Runs from a structure (standard masses, velocities drawn when {@code o.initialTemperatureK()} is set). */
    public static MdResult run(MdOptions o, ForceField ff, Structure structure, Progress progress) {
        return run(o, ff, MdSystem.of(structure), progress);
    }

    public static MdResult run(MdOptions o, ForceField ff, MdSystem system, Progress progress) {
        MdState s = new MdState(system);
        boolean zeroP = o.zeroMomentum() && s.numFixed() == 0;
        if (!Double.isNaN(o.initialTemperatureK())) Velocities.maxwellBoltzmann(s, o.initialTemperatureK(), o.seed(), zeroP);
        else if (zeroP) Velocities.removeMomentum(s);
        Integrator integ = o.integrator();
        int dof = s.degreesOfFreedom(zeroP && integ.conservesMomentum());
        if (o.wrap()) s.wrap();
        s.computeForces(ff);
        double h0 = integ.conservedEnergy(s), maxDev = 0, sumT = 0, sumU = 0;
        double[] p0 = s.momentum();
        long t0 = System.nanoTime(), every = Math.max(1, o.steps() / 200);
        ThermoLog thermo = o.thermoCsv() != null && o.thermoEvery() > 0 ? new ThermoLog(o.thermoCsv()) : null;
        BufferedWriter traj = openTrajectory(o);
        try {
            output(s, o, thermo, traj, dof, h0);
            for (long k = 1; k <= o.steps(); k++) {
                integ.step(s, ff);
                if (o.wrap()) s.wrap();
                double h = integ.conservedEnergy(s);
                maxDev = Math.max(maxDev, Math.abs(h - h0));
                sumT += s.temperature(dof);
                sumU += s.potential;
                output(s, o, thermo, traj, dof, h);
                if (progress != null && (k % every == 0 || k == o.steps())) {
                    double el = (System.nanoTime() - t0) * 1e-9;
                    progress.update(k, o.steps(), el / k * (o.steps() - k));
                }
            }
        } finally {
            if (thermo != null) thermo.close();
            close(traj, o);
        }
        long n = Math.max(1, o.steps());
        MdSystem fin = new MdSystem(s.z, s.pos.clone(), s.cell, s.pbc, s.masses, s.vel.clone(), s.fixed);
        return new MdResult(fin, o.steps(), s.forceCalls, (System.nanoTime() - t0) * 1e-9, dof, sumT / n, sumU / n,
                h0, integ.conservedEnergy(s), maxDev, p0, s.momentum());
    }

    private static void output(MdState s, MdOptions o, ThermoLog thermo, BufferedWriter traj, int dof, double h) {
        if (thermo != null && s.step % o.thermoEvery() == 0) thermo.write(s, dof, h);
        if (traj != null && s.step % o.trajectoryEvery() == 0) {
            try {
                MdXyz.write(traj, s);
            } catch (IOException e) {
                throw new UncheckedIOException("trajectory " + o.trajectory() + ": " + e.getMessage(), e);
            }
        }
    }

    private static BufferedWriter openTrajectory(MdOptions o) {
        if (o.trajectory() == null || o.trajectoryEvery() <= 0) return null;
        try {
            if (o.trajectory().getParent() != null) Files.createDirectories(o.trajectory().getParent());
            return Files.newBufferedWriter(o.trajectory());
        } catch (IOException e) {
            throw new UncheckedIOException("trajectory " + o.trajectory() + ": " + e.getMessage(), e);
        }
    }

    private static void close(BufferedWriter w, MdOptions o) {
        if (w == null) return;
        try {
            w.close();
        } catch (IOException e) {
            throw new UncheckedIOException("trajectory " + o.trajectory() + ": " + e.getMessage(), e);
        }
    }
}
