package org.jnequip.nequip.md;

import java.util.function.BooleanSupplier;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.files.AppendFile;

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
     * @param steps                 steps completed (fewer than asked when the run was stopped)
     * @param meanTemperatureK      mean of T over steps 1..steps (the starting T when no step was run)
     * @param meanPotentialEv       mean of U over steps 1..steps (the starting U when no step was run)
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

    /** Runs all steps under the {@link MdGuards#DEFAULT} limits. */
    public static MdResult run(MdOptions o, ForceField ff, MdSystem system, Progress progress) {
        return run(o, ff, system, progress, MdGuards.DEFAULT, () -> false);
    }

    /**
     * Runs until {@code o.steps()} or until {@code stop} answers true (checked after each step; the result then
     * counts the steps done). Outputs are written after each step that is due, so the files hold every sample up to
     * the last completed step whatever ends the run. A state that breaks {@code guards} ends the run with an
     * {@link IllegalStateException} naming the step and the limit.
     */
    public static MdResult run(MdOptions o, ForceField ff, MdSystem system, Progress progress, MdGuards guards, BooleanSupplier stop) {
        MdState s = new MdState(system);
        boolean zeroP = o.zeroMomentum() && s.numFixed() == 0;
        if (!Double.isNaN(o.initialTemperatureK())) Velocities.maxwellBoltzmann(s, o.initialTemperatureK(), o.seed(), zeroP);
        else if (zeroP) Velocities.removeMomentum(s);
        Integrator integ = o.integrator();
        int dof = s.degreesOfFreedom(zeroP && integ.conservesMomentum());
        if (o.wrap()) s.wrap();
        check(guards, s, dof);
        s.computeForces(ff);
        double h0 = integ.conservedEnergy(s), maxDev = 0, sumT = 0, sumU = 0;
        double[] p0 = s.momentum();
        long t0 = System.nanoTime(), every = Math.max(1, o.steps() / 200), done = 0;
        try (ThermoLog thermo = o.thermoCsv() != null && o.thermoEvery() > 0 ? new ThermoLog(o.thermoCsv()) : null;
             AppendFile traj = o.trajectory() != null && o.trajectoryEvery() > 0 ? AppendFile.create(o.trajectory(), "frames") : null) {
            output(s, o, thermo, traj, dof, h0);
            for (long k = 1; k <= o.steps() && !stop.getAsBoolean(); k++) {
                integ.step(s, ff);
                if (o.wrap()) s.wrap();
                double h = integ.conservedEnergy(s);
                maxDev = Math.max(maxDev, Math.abs(h - h0));
                sumT += s.temperature(dof);
                sumU += s.potential;
                done = k;
                output(s, o, thermo, traj, dof, h);
                check(guards, s, dof);
                if (progress != null && (k % every == 0 || k == o.steps())) {
                    double el = (System.nanoTime() - t0) * 1e-9;
                    progress.update(k, o.steps(), el / k * (o.steps() - k));
                }
            }
        }
        // with no step run, the means are those of the starting state
        double meanT = done > 0 ? sumT / done : s.temperature(dof), meanU = done > 0 ? sumU / done : s.potential;
        MdSystem fin = new MdSystem(s.z, s.pos.clone(), s.cell, s.pbc, s.masses, s.vel.clone(), s.fixed);
        return new MdResult(fin, done, s.forceCalls, (System.nanoTime() - t0) * 1e-9, dof, meanT, meanU,
                h0, integ.conservedEnergy(s), maxDev, p0, s.momentum());
    }

    private static void check(MdGuards guards, MdState s, int dof) {
        String v = guards.violation(s, dof);
        if (v != null)
            throw new IllegalStateException("md: stopped at step " + s.step + ": " + v + "; the system has left physics (atoms on top of one "
                    + "another, a cell too small for the structure, a time step too long?)");
    }

    private static void output(MdState s, MdOptions o, ThermoLog thermo, AppendFile traj, int dof, double h) {
        if (thermo != null && s.step % o.thermoEvery() == 0) thermo.write(s, dof, h);
        if (traj != null && s.step % o.trajectoryEvery() == 0) {
            StringBuilder frame = new StringBuilder();
            MdXyz.write(frame, s);
            traj.append(frame);
        }
    }
}
