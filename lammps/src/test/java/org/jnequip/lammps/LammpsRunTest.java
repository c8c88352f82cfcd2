package org.jnequip.lammps;

import static org.jnequip.lammps.LammpsTestSupport.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jnequip.nequip.md.ForceField;
import org.jnequip.nequip.md.LennardJones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's translation and refusals, with Lennard-Jones argon as the potential: includes, the model
 * override, atom ids with gaps, a force field that fails mid-run (LAMMPS stops, the step is named), and the
 * inputs refused before anything runs (units, hybrid styles, jump, several MPI ranks, a missing library).
 */
class LammpsRunTest {
    @TempDir Path dir;

    static final String ARGON = "units metal\natom_style atomic\nboundary p p p\nlattice fcc 5.26\nregion box block 0 3 0 3 0 3\ncreate_box 1 box\n"
            + "create_atoms 1 box\nmass 1 39.948\ndisplace_atoms all random 0.2 0.2 0.2 4242 units box\n";
    static final String NEQUIP = "pair_style nequip\npair_coeff * * argon.model Ar\n";
    static final String PROBE = "compute vir all pressure NULL virial\nthermo_style custom step pe c_vir[1] c_vir[2] c_vir[3] c_vir[4] c_vir[5] c_vir[6]\n";

    private LammpsRun.Summary run(String name, String text, Potential.Loader loader, Path model) {
        LammpsTestSupport.requireLammps();
        Path in = LammpsTestSupport.write(dir, name, text);
        LammpsRun.Options o = new LammpsRun.Options(in, model, List.of("-log", "none", "-screen", "none"), null);
        return LammpsRun.run(o, loader, Map.of(), new PrintStream(PrintStream.nullOutputStream()), w -> {});
    }

    private static Potential argon() { return new Potential(LennardJones.argon(), List.of("Ar"), "Lennard-Jones argon"); }

    @Test
    void translatesInsideIncludesAndHonoursTheModelOverride() {
        LammpsTestSupport.write(dir, "pair.in", NEQUIP);
        List<Path> asked = new ArrayList<>();
        LammpsRun.Summary s = run("in.include", ARGON + "include " + dir.resolve("pair.in") + "\nrun 3\n", f -> { asked.add(f); return argon(); }, dir.resolve("other.model"));
        assertEquals(4, s.forceCalls(), "setup + 3 steps");
        assertEquals(List.of(dir.resolve("other.model")), asked, "--model replaces pair_coeff's file");
    }

    @Test
    void atomIdsWithGapsAreOrderedAndMatchLammpsOwnPotential() {
        String gaps = ARGON + "region hole sphere 0 0 0 4 units box\ndelete_atoms region hole compress no\n";
        double[][] seen = new double[2][];
        for (int k = 0; k < 2; k++) {
            String pair = k == 0 ? NEQUIP : "pair_style lj/cut 8.5\npair_coeff 1 1 0.0104 3.40\npair_modify shift yes\n";
            Path in = LammpsTestSupport.write(dir, "in.gaps" + k, gaps + pair + PROBE + "run 0\n");
            LammpsTestSupport.requireLammps();
            try (LammpsRun r = LammpsTestSupport.open(dir, in, argon())) {
                r.execute();
                double[] f = r.lammps().atomVectors("f"), ev = LammpsTestSupport.energyAndVirial(r.lammps());
                assertTrue(f.length / 3 < 108, "atoms were deleted: " + f.length / 3);
                seen[k] = new double[f.length + 7];
                System.arraycopy(f, 0, seen[k], 0, f.length);
                System.arraycopy(ev, 0, seen[k], f.length, 7);
            }
        }
        assertTrue(maxAbsDiff(seen[0], seen[1]) < 1e-10, "forces, energy, virial with non-contiguous ids: " + maxAbsDiff(seen[0], seen[1]));
    }

    @Test
    void aFailureInsideTheCallbackStopsLammpsAndNamesTheStep() {
        LammpsTestSupport.requireLammps(); // before assertThrows, which would take the skip for a wrong exception
        int[] calls = {0};
        ForceField failing = new ForceField() {
            final ForceField lj = LennardJones.argon();
            @Override public Result compute(double[] p, int[] z, double[] c, boolean[] pbc) {
                if (++calls[0] == 4) throw new IllegalStateException("the model fell over");
                return lj.compute(p, z, c, pbc);
            }
            @Override public double cutoff() { return lj.cutoff(); }
        };
        String script = ARGON + NEQUIP + "velocity all create 100 1\nfix 1 all nve\ntimestep 0.004\nrun 50\nrun 50\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run("in.fail", script, f -> new Potential(failing, List.of("Ar"), "failing"), null));
        assertEquals("in.fail:15: force evaluation failed at step 3: the model fell over", e.getMessage());
        assertEquals(4, calls[0], "LAMMPS stopped at once: no call after the failing one");
    }

    @Test
    void aNonFiniteForceIsAFailureNotANumber() {
        LammpsTestSupport.requireLammps(); // before assertThrows, which would take the skip for a wrong exception
        ForceField nan = new ForceField() {
            @Override public Result compute(double[] p, int[] z, double[] c, boolean[] pbc) {
                double[] f = new double[p.length];
                f[4] = Double.NaN;
                return new Result(0, f, new double[9]);
            }
            @Override public double cutoff() { return 5; }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run("in.nan", ARGON + NEQUIP + "run 0\n", f -> new Potential(nan, List.of("Ar"), "nan"), null));
        assertEquals("in.nan:12: force evaluation failed at step 0: the model's force on atom 2 (in id order) is NaN", e.getMessage());
    }

    @Test
    void refusesInputsItCannotRunBeforeTheyRun() {
        LammpsTestSupport.requireLammps(); // before assertThrows, which would take the skip for a wrong exception
        assertEquals("in.lj:10: pair_style nequip needs units metal (eV, Å, ps) but LAMMPS is in units lj; put 'units metal' first",
                assertThrows(IllegalArgumentException.class, () -> run("in.lj", ARGON.replace("units metal\n", "") + NEQUIP + "run 0\n", f -> argon(), null)).getMessage());
        assertEquals("in.hybrid:10: only 'pair_style nequip' on its own is supported (no hybrid, no arguments)",
                assertThrows(IllegalArgumentException.class, () -> run("in.hybrid", ARGON + "pair_style hybrid/overlay nequip zbl 1 2\n", f -> argon(), null)).getMessage());
        String jump = assertThrows(IllegalArgumentException.class, () -> run("in.jump", ARGON + "label loop\njump SELF loop\n", f -> argon(), null)).getMessage();
        assertTrue(jump.startsWith("in.jump:11: jump is not supported"), jump);
        String star = assertThrows(IllegalArgumentException.class, () -> run("in.star", ARGON + "pair_style nequip\npair_coeff 1 1 argon.model Ar\n", f -> argon(), null)).getMessage();
        assertTrue(star.startsWith("in.star:11: pair_style nequip takes one 'pair_coeff * * MODEL"), star);
    }

    /**
     * What the LAMMPS path costs besides the model: a force field that returns zeros, 192 water atoms, NVE; the CPU
     * time of the thread that runs LAMMPS and the callback, per step, after a warm-up run. It is single-threaded,
     * so CPU time is what it would take on a quiet machine (wall time on a shared one is not).
     */
    @Test
    void lammpsAndTheBridgeCostLittlePerStep() {
        LammpsTestSupport.requireLammps();
        ForceField zero = new ForceField() {
            @Override public Result compute(double[] p, int[] z, double[] c, boolean[] pbc) { return new Result(0, new double[p.length], new double[9]); }
            @Override public double cutoff() { return 4; }
        };
        Path data = Path.of(System.getProperty("jnequip.repoRoot", ".."), "examples/lammps/bench/water192.data");
        Path in = LammpsTestSupport.write(dir, "in.cost", "units metal\natom_style atomic\nboundary p p p\nread_data " + data.toAbsolutePath()
                + "\n" + "pair_style nequip\npair_coeff * * zero.model O H\nvelocity all create 300 1\ntimestep 0.0005\nfix 1 all nve\nthermo 1000\n");
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        try (LammpsRun r = LammpsTestSupport.open(dir, in, new Potential(zero, List.of("H", "O"), "zeros"))) {
            r.execute();
            r.lammps().command("run 1000");
            long cpu0 = threads.getCurrentThreadCpuTime();
            r.lammps().command("run 4000");
            double perStep = (threads.getCurrentThreadCpuTime() - cpu0) * 1e-9 / 4000;
            System.out.printf("LAMMPS (NVE, neighbour lists, ghosts) and the bridge: %.1f µs of CPU per step for 192 atoms%n", perStep * 1e6);
            assertTrue(perStep < 500e-6, "under 0.5 ms of CPU per step: " + perStep);
        }
    }

    @Test
    void refusesSeveralMpiRanksAndSaysWhy() {
        LammpsRun.requireOneRank(Map.of("OMPI_COMM_WORLD_SIZE", "1"));
        LammpsRun.requireOneRank(Map.of());
        String m = assertThrows(IllegalArgumentException.class, () -> LammpsRun.requireOneRank(Map.of("PMI_SIZE", "4"))).getMessage();
        assertTrue(m.startsWith("jnequip lammps runs on one MPI rank only, but this is one of 4 ranks: " + LammpsRun.ONE_RANK_ONLY)
                && m.contains("ghost atoms num_layers × r_max deep"), m);
        assertThrows(IllegalArgumentException.class, () -> LammpsRun.requireOneRank(Map.of("OMPI_COMM_WORLD_SIZE", "2")));
    }

    @Test
    void namesTheLibraryItCannotLoad() {
        Path missing = dir.resolve("nowhere/liblammps.so");
        assertEquals(missing + " ($JNEQUIP_LIBLAMMPS): no such file",
                assertThrows(IllegalArgumentException.class, () -> Liblammps.load(null, Map.of("JNEQUIP_LIBLAMMPS", missing.toString()))).getMessage());
        Path text = LammpsTestSupport.write(dir, "liblammps.so", "text");
        assertEquals(text + " (--liblammps): cannot be loaded as a shared library",
                assertThrows(IllegalArgumentException.class, () -> Liblammps.load(text, Map.of())).getMessage());
    }
}
