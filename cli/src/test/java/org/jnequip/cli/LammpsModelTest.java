package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jnequip.lammps.Lammps;
import org.jnequip.lammps.LammpsBox;
import org.jnequip.lammps.LammpsData;
import org.jnequip.lammps.LammpsRun;
import org.jnequip.lammps.Liblammps;
import org.jnequip.lammps.Potential;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.md.CellMath;
import org.jnequip.nequip.md.ForceField;
import org.jnequip.nequip.md.MdOptions;
import org.jnequip.nequip.md.MdRunner;
import org.jnequip.nequip.md.MdState;
import org.jnequip.nequip.md.MdSystem;
import org.jnequip.nequip.md.MdUnits;
import org.jnequip.nequip.md.Velocities;
import org.jnequip.nequip.md.VelocityVerlet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A NequIP model as LAMMPS's force field, in float64, against the same model through the Java API: what LAMMPS
 * holds at step 0 (thermo pe, the virial behind compute pressure, the per-atom forces) for periodic water in an
 * orthogonal and a triclinic box and for an ethanol molecule; and 100 steps of LAMMPS's velocity Verlet against
 * JNequIP's from the same positions and velocities.
 */
class LammpsModelTest {
    static final Path REPO = CliTestSupport.repoRoot();
    static final Path WATER_MODEL = REPO.resolve("models/water-small.safetensors"), ETHANOL_MODEL = REPO.resolve("models/ethanol-demo.safetensors");

    @TempDir Path dir;

    @BeforeAll
    static void lammps() {
        String why = Liblammps.unavailableReason(System.getenv());
        if (why != null) System.out.println("SKIPPED (LAMMPS absent): " + why);
        assumeTrue(why == null, why);
    }

    static Structure firstFrame(String data) {
        return ExtXyz.read(REPO.resolve(data), new ExtXyz.Options("energy", "forces", "stress", 1)).get(0);
    }

    /** Records the positions and energy of every force call, then answers with the wrapped force field. */
    static final class Recording implements ForceField {
        final ForceField inner;
        final List<double[]> positions = new ArrayList<>();
        final List<Double> energies = new ArrayList<>();

        Recording(ForceField inner) { this.inner = inner; }

        @Override
        public Result compute(double[] pos, int[] z, double[] cell, boolean[] pbc) {
            positions.add(pos.clone());
            Result r = inner.compute(pos, z, cell, pbc);
            energies.add(r.energy());
            return r;
        }

        @Override public double cutoff() { return inner.cutoff(); }
    }

    /** What a run left: the model's calls (recorded), and as LAMMPS holds them at the end: thermo pe, forces (N, 3) by id, box, mvv2e, virial (with PROBE). */
    record Seen(Recording calls, double energy, double[] forces, double[] virial, LammpsBox box, double mvv2e) {}

    /** Runs an input in this JVM with the cli's model loading in float64, recording the force field pair_coeff loads. */
    private Seen run(String input) throws IOException {
        Path in = Files.writeString(dir.resolve("in.lmp"), input);
        Potential.Loader cli = LammpsCommand.loader("float64", "cpu", null);
        Recording[] rec = new Recording[1];
        Potential.Loader loader = f -> {
            Potential p = cli.load(f);
            rec[0] = new Recording(p.forceField());
            return new Potential(rec[0], p.species(), p.description());
        };
        LammpsRun.Options o = new LammpsRun.Options(in, null, List.of("-log", dir.resolve("log.lammps").toString(), "-screen", "none"), null);
        try (LammpsRun r = LammpsRun.open(o, loader, Map.of(), new PrintStream(PrintStream.nullOutputStream()), w -> {})) {
            r.execute();
            Lammps l = r.lammps();
            return new Seen(rec[0], l.compute("thermo_pe", false, 1)[0], l.atomVectors("f"), input.contains(PROBE) ? l.virial("vir") : null,
                    l.box(), l.globalDouble("mvv2e"));
        }
    }

    static String header(String boundary, Path data) {
        return "units metal\natom_style atomic\nboundary " + boundary + "\nread_data " + data + "\n";
    }

    static final String PROBE = "compute vir all pressure NULL virial\nthermo_style custom step pe c_vir[1] c_vir[2] c_vir[3] c_vir[4] c_vir[5] c_vir[6]\n";

    @ParameterizedTest(name = "triclinic = {0}")
    @ValueSource(booleans = {false, true})
    void waterAtStepZeroIsTheModel(boolean triclinic) throws Exception {
        Structure w = firstFrame("data/water-deepmd-example/test-20.extxyz");
        double a = w.cell()[0];
        Structure s = triclinic ? new Structure(w.positions(), w.atomicNumbers(), new double[]{a, 0, 0, 1.5, a, 0, -1.0, 0.8, a}, w.pbc(), null, null, null, null) : w;
        Path data = dir.resolve("water.data");
        LammpsData.write(data, s, List.of("O", "H"), null, 0, "water");
        Seen l = run(header("p p p", data) + "pair_style nequip\npair_coeff * * " + WATER_MODEL + " O H\n" + PROBE + "run 0\n");
        ForceField.Result ref = LammpsCommand.loader("float64", "cpu", null).load(WATER_MODEL).forceField()
                .compute(s.positions(), s.atomicNumbers(), s.cell(), s.pbc());      // the structure as read, before LAMMPS wrapped it
        double[] w9 = ref.virial(), refV6 = {w9[0], w9[4], w9[8], w9[1], w9[2], w9[5]};
        double de = Math.abs(l.energy() - ref.energy()), df = maxAbsDiff(l.forces(), ref.forces()), dw = maxAbsDiff(l.virial(), refV6);
        System.out.printf(Locale.ROOT, "water, %s box: E = %.10f eV; LAMMPS vs Java API |ΔE| %.2e eV, max |ΔF| %.2e eV/Å, max |ΔW| %.2e eV%n",
                triclinic ? "triclinic" : "orthogonal", l.energy(), de, df, dw);
        assertEquals(1, l.calls().positions.size(), "one model call for run 0");
        assertTrue(de <= 1e-10 && df <= 1e-10 && dw <= 1e-10, "step 0 agrees to 1e-10");
        assertEquals(triclinic ? 1.5 : 0, l.box().xy(), 1e-15, "tilt xy reached LAMMPS");
        assertTrue(maxAbs(refV6) > 1 && maxAbs(ref.forces()) > 0.5, "non-trivial virial and forces");
    }

    @Test
    void ethanolMoleculeAtStepZeroIsTheModel() throws Exception {
        Structure s = firstFrame("data/ethanol-gfn2xtb-500K/ethanol.extxyz");
        Path data = dir.resolve("ethanol.data");
        LammpsData.write(data, s, List.of("H", "C", "O"), null, 6.0, "ethanol");
        Seen l = run(header("f f f", data) + "pair_style nequip\npair_coeff * * " + ETHANOL_MODEL + " H C O\n" + PROBE + "run 0\n");
        ForceField.Result ref = LammpsCommand.loader("float64", "cpu", null).load(ETHANOL_MODEL).forceField()
                .compute(s.positions(), s.atomicNumbers(), null, null);
        double[] r = s.positions(), f = ref.forces(), want = new double[6];      // W_ab = Σ r_a F_b of a molecule
        for (int i = 0; i < s.numAtoms(); i++) {
            want[0] += r[3 * i] * f[3 * i]; want[1] += r[3 * i + 1] * f[3 * i + 1]; want[2] += r[3 * i + 2] * f[3 * i + 2];
            want[3] += r[3 * i] * f[3 * i + 1]; want[4] += r[3 * i] * f[3 * i + 2]; want[5] += r[3 * i + 1] * f[3 * i + 2];
        }
        double de = Math.abs(l.energy() - ref.energy()), df = maxAbsDiff(l.forces(), f), dw = maxAbsDiff(l.virial(), want);
        System.out.printf(Locale.ROOT, "ethanol molecule: E = %.10f eV; |ΔE| %.2e eV, max |ΔF| %.2e eV/Å, max |ΔW| %.2e eV%n", l.energy(), de, df, dw);
        assertTrue(de <= 1e-10 && df <= 1e-10 && dw <= 1e-10, "step 0 agrees to 1e-10");
    }

    @Test
    void hundredStepsOfVelocityVerletAgreeWithJnequip() throws Exception {
        Structure s = firstFrame("data/water-deepmd-example/test-20.extxyz");
        MdState init = new MdState(MdSystem.of(s));
        Velocities.maxwellBoltzmann(init, 300, 7, true);
        double[] vPs = new double[init.vel.length];
        for (int k = 0; k < vPs.length; k++) vPs[k] = init.vel[k] * 1000;     // Å/fs → Å/ps (LAMMPS metal)
        Path data = dir.resolve("water.data");
        LammpsData.write(data, s, List.of("O", "H"), vPs, 0, "water with velocities");
        Seen l = run(header("p p p", data) + "pair_style nequip\npair_coeff * * " + WATER_MODEL + " O H\n" + "timestep 0.0005\nfix 1 all nve\nthermo 50\nrun 100\n");
        double mvvLammps = l.mvv2e() * 1e6;    // amu·Å²/fs² in eV, as LAMMPS's metal units have it
        List<double[]> lammps = l.calls().positions;
        assertEquals(101, lammps.size(), "setup + 100 steps");
        double[] exact = jnequipTrajectory(s, vPs, mvvLammps / MdUnits.MVV, lammps, 100);
        double[] plain = jnequipTrajectory(s, vPs, 1.0, lammps, 100);
        System.out.printf(Locale.ROOT, "100 steps of 0.5 fs, water: max |Δr| vs JNequIP %.2e Å with LAMMPS's amu·Å²/fs² = %.8f eV, %.2e Å with JNequIP's %.10f eV "
                + "(CODATA 2018); step 100 alone: %.2e and %.2e Å%n", exact[0], mvvLammps, plain[0], MdUnits.MVV, exact[1], plain[1]);
        assertTrue(exact[0] <= 1e-8, "positions agree to 1e-8 Å over 100 steps: " + exact[0]);
    }

    /**
     * NVE water at 0.5 fs from the same positions and velocities: LAMMPS's total energy (thermo etotal, every step)
     * against {@link MdRunner}'s conserved energy (what {@code jnequip md} reports). 200 steps in the suite;
     * {@code -Djnequip.lammps.nveSteps=1000} for the full comparison.
     */
    @Test
    void nveConservesEnergyAsJnequipMdDoes() throws Exception {
        int steps = Integer.getInteger("jnequip.lammps.nveSteps", 200);
        Structure s = firstFrame("data/water-deepmd-example/test-20.extxyz");
        MdState init = new MdState(MdSystem.of(s));
        Velocities.maxwellBoltzmann(init, 300, 11, true);
        double[] vPs = new double[init.vel.length], vFs = new double[init.vel.length];
        for (int k = 0; k < vPs.length; k++) vPs[k] = init.vel[k] * 1000;
        for (int k = 0; k < vPs.length; k++) vFs[k] = vPs[k] / 1000;
        Path data = dir.resolve("water.data"), etot = dir.resolve("etotal.txt");
        LammpsData.write(data, s, List.of("O", "H"), vPs, 0, "water with velocities");
        run(header("p p p", data) + "pair_style nequip\npair_coeff * * " + WATER_MODEL + " O H\n"
                + "timestep 0.0005\nfix 1 all nve\nvariable et equal etotal\nfix e all print 1 \"${et}\" file " + etot + " screen no\n"
                + "thermo 100\nrun " + steps + "\n");
        List<Double> e = new ArrayList<>();
        for (String line : Files.readAllLines(etot)) if (!line.isBlank() && !line.startsWith("#")) e.add(Double.parseDouble(line.strip()));
        assertEquals(steps + 1, e.size(), "one total energy per step (steps 0.." + steps + ")");
        ForceField ff = LammpsCommand.loader("float64", "cpu", null).load(WATER_MODEL).forceField();
        MdRunner.MdResult j = MdRunner.run(MdOptions.nve(0.5, steps).withMomentumAndWrap(false, true), ff,
                MdSystem.of(s).withVelocities(vFs), null);
        double maxL = 0;     // each code against its own E(0): their kinetic energies differ by the amu·Å²/fs² constant (6e-8 relative)
        for (double x : e) maxL = Math.max(maxL, Math.abs(x - e.get(0)));
        int n = s.numAtoms();
        System.out.printf(Locale.ROOT, "NVE water, %d steps of 0.5 fs (float64): max |E(t) - E(0)| LAMMPS %.3e eV/atom, end - start %.3e eV/atom; "
                        + "jnequip md max |E(t) - E(0)| %.3e eV/atom, end - start %.3e eV/atom%n", steps, maxL / n, (e.get(e.size() - 1) - e.get(0)) / n,
                j.maxConservedDeviation() / n, (j.conservedEnd() - j.conservedStart()) / n);
        assertTrue(maxL <= 2 * j.maxConservedDeviation() + 1e-6 * n, "LAMMPS conserves energy as well as jnequip md");
    }

    /**
     * JNequIP's velocity Verlet from the same start, masses scaled by {@code massScale}; returns {max over steps,
     * at the last step} of the largest |Δr| (minimum image) against LAMMPS's positions at each force call.
     */
    private static double[] jnequipTrajectory(Structure s, double[] vPs, double massScale, List<double[]> lammps, int steps) throws Exception {
        double[] v = new double[vPs.length], masses = new double[s.numAtoms()];
        for (int k = 0; k < v.length; k++) v[k] = vPs[k] / 1000;
        MdSystem base = MdSystem.of(s);
        for (int i = 0; i < masses.length; i++) masses[i] = base.masses()[i] * massScale;
        MdState st = new MdState(new MdSystem(s.atomicNumbers(), s.positions(), s.cell(), s.pbc(), masses, v, null));
        Recording ff = new Recording(LammpsCommand.loader("float64", "cpu", null).load(WATER_MODEL).forceField());
        VelocityVerlet vv = new VelocityVerlet(0.5);
        st.computeForces(ff);
        for (int k = 0; k < steps; k++) vv.step(st, ff);
        double[] inv = CellMath.inverse(s.cell()), cell = s.cell();
        double worst = 0, last = 0;
        for (int c = 0; c <= steps; c++) {
            double[] a = lammps.get(c), b = ff.positions.get(c);
            double m = 0;
            for (int i = 0; i < a.length / 3; i++) {
                double[] d = {a[3 * i] - b[3 * i], a[3 * i + 1] - b[3 * i + 1], a[3 * i + 2] - b[3 * i + 2]}, fr = new double[3], back = new double[3];
                CellMath.rowTimes(d[0], d[1], d[2], inv, fr);
                for (int k = 0; k < 3; k++) fr[k] -= Math.rint(fr[k]);           // LAMMPS wraps atoms into the box, JNequIP here does not
                CellMath.rowTimes(fr[0], fr[1], fr[2], cell, back);
                m = Math.max(m, Math.sqrt(back[0] * back[0] + back[1] * back[1] + back[2] * back[2]));
            }
            worst = Math.max(worst, m);
            last = m;
        }
        return new double[]{worst, last};
    }

    static double maxAbsDiff(double[] a, double[] b) {
        assertEquals(a.length, b.length, "lengths");
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) m = Math.max(m, Math.abs(x));
        return m;
    }
}
