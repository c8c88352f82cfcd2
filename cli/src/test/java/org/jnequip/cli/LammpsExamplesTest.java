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
import java.util.stream.Stream;
import org.jnequip.interop.ModelSources;
import org.jnequip.lammps.Lammps;
import org.jnequip.lammps.LammpsData;
import org.jnequip.lammps.LammpsRun;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.io.Json;
import org.jnequip.nequip.md.ForceField;
import org.jnequip.nequip.md.NequipForceField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples in examples/lammps: their data files are what {@link LammpsData} writes from the data they cite,
 * and both inputs run (a few steps, in a copy of their folder). The aspirin input is pair_nequip's, with nequip's
 * deployed model: it runs unchanged, and at step 0 LAMMPS sees nequip's own numbers (expected.json) and those of
 * the Java API ({@link ModelSources} and {@link NequipForceField}) with that model. The input also runs with a
 * JNequIP model of the same species.
 */
class LammpsExamplesTest {
    static final Path REPO = CliTestSupport.repoRoot(), EXAMPLES = REPO.resolve("examples/lammps");
    static final Path INTEROP = REPO.resolve("../shared/interop/nequip-0.6.2-aspirin").normalize();

    @TempDir Path dir;

    @BeforeAll
    static void lammps() { LammpsModelTest.lammps(); }

    @Test
    void dataFilesAreWhatTheWriterMakesOfTheirSources() throws IOException {
        Structure water = LammpsModelTest.firstFrame("data/water-deepmd-example/test-20.extxyz");
        assertEquals(LammpsData.format(water, List.of("O", "H"), null, 6.0, "LAMMPS data file: frame 1 of data/water-deepmd-example/test-20.extxyz (192 atoms), "
                + "written by JNequIP's LammpsData"), Files.readString(EXAMPLES.resolve("water-nve/water.data")));
        Path bench = REPO.resolve("../shared/bench/water192.xyz");
        assumeTrue(Files.isRegularFile(bench), "the shared bench structures are not here: " + bench);
        Structure water192 = ExtXyz.read(bench, new ExtXyz.Options("energy", "forces", "stress", 1)).get(0);
        assertEquals(LammpsData.format(water192, List.of("O", "H"), null, 6.0, "LAMMPS data file: ../shared/bench/water192.xyz (192 atoms), written by JNequIP's LammpsData"),
                Files.readString(EXAMPLES.resolve("bench/water192.data")));
        Path rmd17 = REPO.resolve("../shared/data/rmd17/rmd17_aspirin_train_01.extxyz");
        assumeTrue(Files.isRegularFile(rmd17), "the shared rMD17 data is not here: " + rmd17);
        Structure aspirin = ExtXyz.read(rmd17, new ExtXyz.Options("energy", "forces", "stress", 1)).get(0);
        assertEquals(LammpsData.format(aspirin, List.of("C", "H", "O"), null, 6.0, "LAMMPS data file: frame 1 of ../shared/data/rmd17/rmd17_aspirin_train_01.extxyz "
                + "(rMD17 aspirin, CC0), written by JNequIP's LammpsData"), Files.readString(EXAMPLES.resolve("aspirin-nvt/aspirin.data")));
        assertEquals(-1, Files.mismatch(EXAMPLES.resolve("aspirin-nvt/deployed.pth"), INTEROP.resolve("deployed.pth")), "deployed.pth is the shared fixture");
    }

    @Test
    void waterExampleRuns() throws IOException {
        Path in = copy("water-nve").resolve("in.lmp");
        CliTestSupport.Run r = CliTestSupport.run("lammps", in.toString(), "-var", "steps", "5", "--model", REPO.resolve("models/water-small.safetensors").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("jnequip: 6 force evaluations by the model in all"), r.out());
    }

    @Test
    void aspirinExampleRunsWithAJnequipModelOfTheSameSpecies() throws IOException {
        Path in = copy("aspirin-nvt").resolve("in.lmp");
        CliTestSupport.Run r = CliTestSupport.run("lammps", in.toString(), "-var", "steps", "5", "--model", REPO.resolve("models/ethanol-demo.safetensors").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("types 1 = C, 2 = H, 3 = O") && r.out().contains("jnequip: 6 force evaluations by the model in all"), r.out());
    }

    @Test
    void aspirinExampleRunsUnchangedWithNequipsDeployedModel() throws IOException {
        requireDeployedModel();
        Path in = copy("aspirin-nvt").resolve("in.lmp");
        CliTestSupport.Run r = CliTestSupport.run("lammps", in.toString(), "-var", "steps", "5");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("model deployed.pth") && r.out().contains("jnequip: 6 force evaluations by the model in all"), r.out());
    }

    @Test
    void deployedModelAtStepZeroMatchesNequipAndTheJavaApi() throws Exception {
        requireDeployedModel();
        Map<String, Object> frame = Json.obj(Json.arr(Json.obj(Json.read(INTEROP.resolve("expected.json"))).get("frames")).get(0));
        List<Object> sym = Json.arr(frame.get("symbols")), pos = Json.arr(frame.get("positions"));
        int n = sym.size();
        int[] z = new int[n];
        double[] r = new double[3 * n], want = new double[3 * n];
        List<Object> f = Json.arr(frame.get("forces"));
        for (int i = 0; i < n; i++) {
            z[i] = org.jnequip.nequip.data.Elements.atomicNumber((String) sym.get(i));
            for (int k = 0; k < 3; k++) r[3 * i + k] = Json.num(Json.arr(pos.get(i)).get(k));
        }
        for (int k = 0; k < 3 * n; k++) want[k] = Json.num(f.get(k));
        double wantE = Json.num(frame.get("total_energy"));
        Structure s = Structure.molecule(z, r);
        LammpsData.write(dir.resolve("aspirin.data"), s, List.of("C", "H", "O"), null, 6.0, "aspirin");
        Path in = Files.writeString(dir.resolve("in.lmp"), "units metal\natom_style atomic\nboundary s s s\nread_data " + dir.resolve("aspirin.data")
                + "\npair_style nequip\npair_coeff * * " + INTEROP.resolve("deployed.pth") + " C H O\nrun 0\n");
        LammpsRun.Options o = new LammpsRun.Options(in, null, List.of("-log", "none", "-screen", "none"), null);
        double e;
        double[] forces;
        try (LammpsRun run = LammpsRun.open(o, LammpsCommand.loader("float64", "cpu", null), Map.of(), new PrintStream(PrintStream.nullOutputStream()), w -> {})) {
            run.execute();
            Lammps l = run.lammps();
            e = l.compute("thermo_pe", false, 1)[0];
            forces = l.atomVectors("f");
        }
        ForceField.Result api = new NequipForceField(ModelSources.load(INTEROP.resolve("deployed.pth")).model()).compute(r, z, null, null);
        double dNequip = LammpsModelTest.maxAbsDiff(forces, want), dApi = LammpsModelTest.maxAbsDiff(forces, api.forces());
        System.out.printf(Locale.ROOT, "deployed nequip model in LAMMPS: |E - nequip| %.2e eV, max |F - nequip| %.2e eV/Å; vs Java API %.2e eV, %.2e eV/Å%n",
                Math.abs(e - wantE), dNequip, Math.abs(e - api.energy()), dApi);
        assertTrue(Math.abs(e - wantE) <= 1e-9 * Math.abs(wantE) && dNequip <= 1e-9 * LammpsModelTest.maxAbs(want), "nequip's numbers");
        assertTrue(Math.abs(e - api.energy()) <= 1e-10 && dApi <= 1e-10, "the Java API's numbers");
    }

    /** Skips, saying why, where the shared nequip fixture is absent. */
    private static void requireDeployedModel() {
        Path pth = INTEROP.resolve("deployed.pth");
        assumeTrue(Files.isRegularFile(pth), "the shared nequip fixture is not here: " + pth);
    }

    private Path copy(String example) throws IOException {
        Path to = dir.resolve(example);
        Files.createDirectories(to);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(EXAMPLES.resolve(example))) {
            s.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path p : files) Files.copy(p, to.resolve(p.getFileName()));
        return to;
    }
}
