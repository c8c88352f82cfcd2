package org.jnequip.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jnequip.nequip.data.Elements;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.md.Adf;
import org.jnequip.nequip.md.Analysis;
import org.jnequip.nequip.md.Msd;
import org.jnequip.nequip.md.Rdf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jnequip analyze rdf|adf|msd TRAJ.xyz}: the structural and dynamical analyses of the NequIP paper. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Analyse an extxyz trajectory (e.g. what jnequip md wrote).", "",
                "  jnequip analyze rdf TRAJ   radial distribution function g(r)",
                "  jnequip analyze adf TRAJ   angle distribution around an element",
                "  jnequip analyze msd TRAJ   mean-square displacement and diffusivity",
                "Each writes a CSV and a PNG next to TRAJ (trajectory.xyz gives",
                "trajectory-rdf.csv and trajectory-rdf.png; --out sets another prefix).",
                "Run jnequip analyze rdf --help for the options of each."},
        subcommands = {AnalyzeCommand.RdfCmd.class, AnalyzeCommand.AdfCmd.class, AnalyzeCommand.MsdCmd.class})
final class AnalyzeCommand implements Runnable {
    static final String TRAJ = "extxyz trajectory, e.g. OUT/trajectory.xyz of jnequip md (any extxyz file with a Lattice for periodic g(r))";
    static final String SKIP = "frames to drop at the start (equilibration; default 0)";
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(System.out); }

    static List<Structure> frames(Path traj, int skip) {
        if (skip < 0) throw new IllegalArgumentException("--skip: must be >= 0, got " + skip);
        List<Structure> all = Analysis.read(traj);
        if (all.size() <= skip) throw new IllegalArgumentException(traj + ": " + all.size() + " frames, nothing left after skipping " + skip);
        return all.subList(skip, all.size());
    }

    static Path base(Path traj, Path out, String what) {
        if (out != null) return out;
        String name = traj.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        return traj.toAbsolutePath().getParent().resolve(name + "-" + what);
    }

    @Command(name = "rdf", mixinStandardHelpOptions = true, description = "Radial distribution function g(r), total and per element pair.")
    static final class RdfCmd implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TRAJ", description = TRAJ) Path traj;
        @Option(names = "--r-max", defaultValue = "6.0", description = "largest distance in Å (default ${DEFAULT-VALUE})") double rMax;
        @Option(names = "--bins", defaultValue = "200", description = "histogram bins (default ${DEFAULT-VALUE})") int bins;
        @Option(names = "--skip", defaultValue = "0", description = SKIP) int skip;
        @Option(names = "--out", description = "output path prefix (default: TRAJ-rdf)") Path out;

        @Override
        public Integer call() {
            Rdf.Result g = Analysis.rdf(frames(traj, skip), rMax, bins);
            Path b = base(traj, out, "rdf");
            Analysis.writeRdf(g, Path.of(b + ".csv"), Path.of(b + ".png"));
            int peak = 0;
            for (int i = 1; i < g.total().length; i++) if (g.total()[i] > g.total()[peak]) peak = i;
            System.out.printf(Locale.ROOT, "RDF over %d frames: first maximum g(%.3f Å) = %.3f; pairs: %s%nwrote %s.csv and %s.png%n",
                    g.frames(), g.r()[peak], g.total()[peak], g.partial().keySet(), b, b);
            return 0;
        }
    }

    @Command(name = "adf", mixinStandardHelpOptions = true, description = "Angle distribution A–C–B around element C within a cutoff.")
    static final class AdfCmd implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TRAJ", description = TRAJ) Path traj;
        @Option(names = "--centre", required = true, description = "central element, e.g. O") String centre;
        @Option(names = "--neighbors", required = true, split = ",", description = "two neighbour elements, e.g. H,H") List<String> neighbors;
        @Option(names = "--cutoff", defaultValue = "1.2", description = "neighbour cutoff in Å (default ${DEFAULT-VALUE})") double cutoff;
        @Option(names = "--bins", defaultValue = "180", description = "bins over 0–180° (default ${DEFAULT-VALUE})") int bins;
        @Option(names = "--skip", defaultValue = "0", description = SKIP) int skip;
        @Option(names = "--out", description = "output path prefix (default: TRAJ-adf)") Path out;

        @Override
        public Integer call() {
            if (neighbors.size() != 2) throw new IllegalArgumentException("--neighbors: expected two elements like H,H, got " + neighbors);
            int c = Elements.atomicNumber(centre), a = Elements.atomicNumber(neighbors.get(0)), bb = Elements.atomicNumber(neighbors.get(1));
            Adf.Result r = Analysis.adf(frames(traj, skip), c, a, bb, cutoff, bins);
            Path b = base(traj, out, "adf");
            String label = neighbors.get(0) + "-" + centre + "-" + neighbors.get(1);
            Analysis.writeAdf(r, label, Path.of(b + ".csv"), Path.of(b + ".png"));
            System.out.printf(Locale.ROOT, "ADF %s: %d triplets%nwrote %s.csv and %s.png%n", label, r.triplets(), b, b);
            return 0;
        }
    }

    @Command(name = "msd", mixinStandardHelpOptions = true, description = "Mean-square displacement per element, diffusivity D = slope/6.")
    static final class MsdCmd implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TRAJ", description = TRAJ) Path traj;
        @Option(names = "--frame-interval", required = true, description = "time between saved frames in fs") double interval;
        @Option(names = "--max-lag", defaultValue = "0", description = "largest lag in frames (default: half the trajectory)") int maxLag;
        @Option(names = "--fit-start", defaultValue = "0", description = "start of the linear fit in ps") double fitStart;
        @Option(names = "--fit-end", defaultValue = "0", description = "end of the linear fit in ps (default: the largest lag)") double fitEnd;
        @Option(names = "--skip", defaultValue = "0", description = SKIP) int skip;
        @Option(names = "--out", description = "output path prefix (default: TRAJ-msd)") Path out;

        @Override
        public Integer call() {
            List<Structure> f = frames(traj, skip);
            int lag = maxLag > 0 ? maxLag : Math.max(1, f.size() / 2);
            Msd.Result m = Analysis.msd(f, interval, lag, true, true);
            Path b = base(traj, out, "msd");
            Analysis.writeMsd(m, Path.of(b + ".csv"), Path.of(b + ".png"));
            double end = fitEnd > 0 ? fitEnd : m.timePs()[m.timePs().length - 1];
            for (Map.Entry<String, double[]> e : m.msd().entrySet()) {
                Msd.Diffusivity d = Analysis.diffusivity(m, e.getKey(), fitStart, end);
                System.out.printf(Locale.ROOT, "%-4s D = %.4g Å²/ps = %.4g cm²/s (fit %.2f–%.2f ps)%n", e.getKey(), d.dA2PerPs(), d.dCm2PerS(), fitStart, end);
            }
            System.out.printf("wrote %s.csv and %s.png%n", b, b);
            return 0;
        }
    }
}
