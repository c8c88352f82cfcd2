package org.jnequip.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Overlaps;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.md.MdGuards;
import org.jnequip.nequip.md.MdOptions;
import org.jnequip.nequip.md.MdRunner;
import org.jnequip.nequip.md.MdSystem;
import org.jnequip.nequip.md.NequipForceField;
import org.jnequip.nequip.model.NequipModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jnequip md}: molecular dynamics with a trained model (metal units: eV, Å, fs, amu), writing a thermo
 * CSV and an extxyz trajectory, with a progress bar and ETA. Ctrl-C (SIGINT) or SIGTERM ends the run after the step in
 * progress, with every file complete up to it; a state that leaves physics (see {@link MdGuards}) ends it with an error.
 */
@Command(name = "md", mixinStandardHelpOptions = true,
        description = {"Run molecular dynamics with a trained model.", "",
                "Ensembles: nve (velocity Verlet), nvt-langevin (BAOAB), nvt-nh (Nosé–Hoover",
                "chain). Outputs: OUT/thermo.csv (step, time, potential, kinetic, total",
                "energy, temperature, conserved quantity) and OUT/trajectory.xyz, written",
                "as the run goes. Ctrl-C ends the run after the step in progress, every",
                "file complete up to it. A state that has left physics (hotter than",
                "--max-temperature, atoms closer than --min-distance) is an error that",
                "names the step."})
final class MdCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model file or run directory (JNequIP or nequip), or a deployed nequip model") Path model;
    @Option(names = "--structure", required = true, description = "starting structure (extxyz; first frame)") Path structure;
    @Option(names = "--ensemble", defaultValue = "nve", description = "nve, nvt-langevin or nvt-nh (default ${DEFAULT-VALUE})") String ensemble;
    @Option(names = "--temperature", defaultValue = "300", description = "target temperature in K (NVT), also the initial velocity temperature (default ${DEFAULT-VALUE})") double temperature;
    @Option(names = "--initial-temperature", description = "Maxwell–Boltzmann temperature of the initial velocities (default: --temperature)") Double initialTemperature;
    @Option(names = "--timestep", defaultValue = "0.5", description = "time step in fs (default ${DEFAULT-VALUE})") double timestep;
    @Option(names = "--steps", required = true, description = "number of steps") long steps;
    @Option(names = "--friction", defaultValue = "0.01", description = "Langevin friction in 1/fs (default ${DEFAULT-VALUE})") double friction;
    @Option(names = "--tdamp", description = "Nosé–Hoover damping time in fs (default 100 × timestep)") Double tdamp;
    @Option(names = "--chain", defaultValue = "3", description = "Nosé–Hoover chain length (default ${DEFAULT-VALUE})") int chain;
    @Option(names = "--seed", defaultValue = "1", description = "seed of the velocities and the Langevin noise") long seed;
    @Option(names = "--thermo-every", defaultValue = "10", description = "thermo line every N steps (default ${DEFAULT-VALUE})") int thermoEvery;
    @Option(names = "--traj-every", defaultValue = "10", description = "trajectory frame every N steps (default ${DEFAULT-VALUE})") int trajEvery;
    @Option(names = "--out", defaultValue = "md-run", description = "output directory (default ${DEFAULT-VALUE})") Path out;
    @Option(names = "--device", defaultValue = "cpu", description = "cpu, opencl or cuda (default ${DEFAULT-VALUE})") String device;
    @Option(names = "--skin", description = "neighbour-list skin in Å: the list (r_max + skin) is kept until an atom moves skin/2, and each "
            + "call replays the captured step (default: 0 on the CPU, 0.5 on a device)") Double skin;
    @Option(names = "--dtype", description = "evaluate the model in float32 or float64 (default: the model's)") String dtype;
    @Option(names = "--max-temperature", description = "stop when the temperature exceeds this, in K (default: 1e5 K, or 10 × the "
            + "target or initial temperature if that is higher; 0: no limit)") Double maxTemperature;
    @Option(names = "--min-distance", defaultValue = "0.5", description = "stop when two atoms come closer than this, in Å "
            + "(checked at the start and every 10 steps; default ${DEFAULT-VALUE}; 0: no limit)") double minDistance;

    @Override
    public Integer call() throws Exception {
        NequipModel m = ModelLoading.load(model, dtype, device);
        List<Structure> frames = ExtXyz.read(structure, new ExtXyz.Options("energy", "forces", "stress", 1));
        if (frames.isEmpty()) throw new IllegalArgumentException(structure + ": no frames");
        MdOptions.Ensemble e = switch (ensemble.toLowerCase(Locale.ROOT)) {
            case "nve" -> MdOptions.Ensemble.NVE;
            case "nvt-langevin", "langevin" -> MdOptions.Ensemble.LANGEVIN;
            case "nvt-nh", "nose-hoover", "nvt" -> MdOptions.Ensemble.NOSE_HOOVER;
            default -> throw new IllegalArgumentException("--ensemble: expected nve, nvt-langevin or nvt-nh, got '" + ensemble + "'");
        };
        double t0 = initialTemperature != null ? initialTemperature : temperature;
        MdGuards guards = new MdGuards(maxTemperature != null ? maxTemperature : Math.max(MdGuards.DEFAULT.maxTemperatureK(), 10 * Math.max(t0, temperature)),
                minDistance);
        Structure start = frames.get(0);
        Overlaps.Pair close = guards.minDistance() > 0 ? Overlaps.closest(start, guards.minDistance()) : null;
        if (close != null)
            throw new IllegalArgumentException(structure + ": frame 0: " + close.describe(start.atomicNumbers()) + ", closer than --min-distance "
                    + guards.minDistance() + " Å (atoms on top of one another, or a cell too small for the structure?)");
        Path thermo = out.resolve("thermo.csv"), traj = out.resolve("trajectory.xyz");
        MdOptions o = MdOptions.nve(timestep, steps).withEnsemble(e, e == MdOptions.Ensemble.NVE ? Double.NaN : temperature)
                .withInitialTemperature(t0, seed)
                .withThermostat(friction, tdamp != null ? tdamp : 100 * timestep, chain)
                .withOutputs(thermo, thermoEvery, traj, trajEvery);
        System.out.println(m.describe());
        NequipForceField ff = ModelLoading.forceField(m, skin, device);
        Progress bar = new Progress("md", "steps", System.err, Progress.stderrIsTerminal());
        MdRunner.MdResult r;
        try (Interruption stop = new Interruption(60, () -> "md: interrupted; the step in progress did not end within 60 s. " + thermo
                + " and " + traj + " hold every step before it, each complete")) {
            try {
                r = MdRunner.run(o, ff, MdSystem.of(start), (done, total, eta) -> bar.update(done, total), guards, stop::requested);
            } finally {
                bar.finish();
            }
            if (r.steps() < steps) {
                System.err.println("md: interrupted after step " + r.steps() + " of " + steps + "; " + holds(thermo, thermoEvery, r.steps(), "line")
                        + " and " + holds(traj, trajEvery, r.steps(), "frame") + ", each complete");
                return 130;
            }
        }
        int n = start.numAtoms();
        System.out.printf(Locale.ROOT, "%d steps of %.3g fs in %.1f s (%.1f steps/s); <T> = %.1f K; <U> = %.6f eV; "
                        + "conserved quantity drift max %.3e eV/atom; |P_end| = %.2e amu·Å/fs%n",
                r.steps(), timestep, r.wallSeconds(), r.steps() / Math.max(1e-9, r.wallSeconds()), r.meanTemperatureK(), r.meanPotentialEv(),
                r.maxConservedDeviation() / n, Math.sqrt(r.momentumEnd()[0] * r.momentumEnd()[0] + r.momentumEnd()[1] * r.momentumEnd()[1] + r.momentumEnd()[2] * r.momentumEnd()[2]));
        if (ff.skin() > 0) System.out.printf("neighbour list: %d builds, %d force calls replayed%n", ff.rebuilds(), ff.replays());
        System.out.println("wrote " + thermo + " and " + traj);
        return 0;
    }

    /** "OUT/thermo.csv holds steps 0–1230 (124 lines)" for an output written every {@code every} steps. */
    private static String holds(Path file, int every, long done, String unit) {
        if (every <= 0) return file + " was not written";
        long last = done / every * every, count = done / every + 1;
        return file + " holds steps 0–" + last + " (" + count + " " + unit + (count == 1 ? "" : "s") + ")";
    }
}
