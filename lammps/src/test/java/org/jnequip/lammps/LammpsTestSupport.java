package org.jnequip.lammps;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** LAMMPS for tests: skips (reason printed) where the library is absent; writes inputs; reads results back. */
final class LammpsTestSupport {
    private LammpsTestSupport() {}

    /** Skips the test, saying why and how to install LAMMPS, when no library can be loaded. */
    static void requireLammps() {
        String why = Liblammps.unavailableReason(System.getenv());
        if (why != null) System.out.println("SKIPPED (LAMMPS absent): " + why);
        assumeTrue(why == null, why);
    }

    static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens LAMMPS on an input (log in dir, no screen output) with one potential for every pair_coeff. */
    static LammpsRun open(Path dir, Path input, Potential p) {
        LammpsRun.Options o = new LammpsRun.Options(input, null, List.of("-log", dir.resolve("log.lammps").toString(), "-screen", "none"), null);
        return LammpsRun.open(o, f -> p, Map.of(), new PrintStream(PrintStream.nullOutputStream()), w -> {});
    }

    /** Energy (eV) and virial xx, yy, zz, xy, xz, yz (eV) as LAMMPS sees them after a run: thermo_pe and compute 'vir'. */
    static double[] energyAndVirial(Lammps l) {
        double[] out = new double[7];
        out[0] = l.compute("thermo_pe", false, 1)[0];
        System.arraycopy(l.virial("vir"), 0, out, 1, 6);
        return out;
    }

    static double maxAbsDiff(double[] a, double[] b) {
        if (a.length != b.length) throw new AssertionError("lengths " + a.length + " vs " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }
}
