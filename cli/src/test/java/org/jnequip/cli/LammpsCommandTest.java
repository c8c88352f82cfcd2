package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jnequip.lammps.LammpsData;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jnequip lammps} end to end (a worker JVM runs LAMMPS in the input's folder): a pair_nequip input with a
 * relative data path and -var runs and writes its log there; bad inputs each end with one clear message naming
 * the file and line and a non-zero status, including an error LAMMPS itself reports (which ends the worker, not
 * this JVM), and running under mpirun with two ranks.
 */
class LammpsCommandTest {
    static final Path WATER_MODEL = LammpsModelTest.WATER_MODEL;

    @TempDir Path dir;

    @BeforeAll
    static void lammps() { LammpsModelTest.lammps(); }

    /** water.data (192 atoms, types O H) in the temp folder, and an input around the given pair lines and run. */
    private Path input(String units, String pair, String tail) throws IOException {
        Structure s = ExtXyz.read(CliTestSupport.repoRoot().resolve("data/water-deepmd-example/test-20.extxyz"), new ExtXyz.Options("energy", "forces", "stress", 1)).get(0);
        LammpsData.write(dir.resolve("water.data"), s, List.of("O", "H"), null, 0, "water");
        return Files.writeString(dir.resolve("in.lmp"), "units " + units + "\natom_style atomic\nboundary p p p\nread_data water.data\n" + pair + tail);
    }

    private static final String PAIR = "pair_style nequip\npair_coeff * * " + WATER_MODEL + " O H\n";

    @Test
    void runsAPairNequipInputInItsFolder() throws IOException {
        Path in = input("metal", "pair_style nequip\npair_coeff * * ${model} O H\n",
                "velocity all create ${T} 42\ntimestep 0.0005\nfix 1 all nve\nthermo_style custom step pe ke etotal press\nthermo 2\nrun 4\n");
        CliTestSupport.Run r = CliTestSupport.run("lammps", in.toString(), "-var", "model", WATER_MODEL.toString(), "-var", "T", "300");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("pair_style nequip -> pair_style zero 4.0 + fix external"), r.out());
        assertTrue(r.out().contains("Step PotEng KinEng TotEng Press"), "LAMMPS's thermo output comes through: " + r.out());
        assertTrue(r.out().contains("jnequip: 5 force evaluations by the model in all"), r.out());
        assertTrue(Files.isRegularFile(dir.resolve("log.lammps")), "log.lammps in the input's folder");
    }

    @Test
    void refusesUnitsOtherThanMetal() throws IOException {
        CliTestSupport.Run r = CliTestSupport.run("lammps", input("real", PAIR, "run 0\n").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("error: in.lmp:1: units real: jnequip lammps runs units metal only"), r.err());
    }

    @Test
    void refusesATypeWithoutSpecies() throws IOException {
        CliTestSupport.Run r = CliTestSupport.run("lammps", input("metal", "pair_style nequip\npair_coeff * * " + WATER_MODEL + " O\n", "run 0\n").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("error: in.lmp:6: pair_coeff names 1 species for 2 atom types"), r.err());
    }

    @Test
    void refusesASpeciesTheModelLacks() throws IOException {
        CliTestSupport.Run r = CliTestSupport.run("lammps", input("metal", "pair_style nequip\npair_coeff * * " + WATER_MODEL + " O C\n", "run 0\n").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("error: in.lmp:6: atom type 2 is 'C', which the model water-small.safetensors does not know (its species: H, O)"), r.err());
    }

    @Test
    void refusesAMissingModel() throws IOException {
        CliTestSupport.Run r = CliTestSupport.run("lammps", input("metal", "pair_style nequip\npair_coeff * * no-such-model.safetensors O H\n", "run 0\n").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("error: in.lmp:6: no-such-model.safetensors: model file not found"), r.err());
    }

    @Test
    void refusesAnUnloadableLibrary() throws IOException {
        Path in = input("metal", PAIR, "run 0\n");
        CliTestSupport.Run missing = CliTestSupport.run("lammps", in.toString(), "--liblammps", dir.resolve("liblammps.so").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("liblammps.so (--liblammps): no such file"), missing.err());
        Path notALibrary = Files.writeString(dir.resolve("fake-liblammps.so"), "not a shared library\n");
        CliTestSupport.Run fake = CliTestSupport.run("lammps", in.toString(), "--liblammps", notALibrary.toString());
        assertEquals(1, fake.status());
        assertTrue(fake.err().contains("fake-liblammps.so (--liblammps): cannot be loaded as a shared library"), fake.err());
    }

    @Test
    void reportsAnErrorLammpsFindsInTheInput() throws IOException {
        Path in = input("metal", PAIR, "fix 1 all nvt temp 300\nrun 10\n");
        CliTestSupport.Run r = CliTestSupport.run("lammps", in.toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("error: in.lmp:7: LAMMPS") && r.err().contains("ERROR: Illegal fix nvt"), r.err());
        assertFalse(r.out().contains("force evaluations"), "the run never started");
    }

    @Test
    void refusesSeveralMpiRanks() throws Exception {
        Path mpirun = which("mpirun");
        if (mpirun == null) System.out.println("SKIPPED: mpirun not installed (apt-get install openmpi-bin)");
        assumeTrue(mpirun != null, "mpirun not installed (apt-get install openmpi-bin)");
        Path in = input("metal", PAIR, "run 0\n");
        List<String> cmd = new ArrayList<>(List.of(mpirun.toString(), "--allow-run-as-root", "--oversubscribe", "-np", "2"));
        cmd.addAll(WorkerProcess.javaCommand());
        cmd.addAll(List.of("lammps", in.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("OMPI_") || k.startsWith("PMIX_"));   // a fresh mpirun, not one inside a singleton of this JVM
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "mpirun finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, p.exitValue(), out);
        assertTrue(out.contains("error: jnequip lammps runs on one MPI rank only, but this is one of 2 ranks (OMPI_COMM_WORLD_SIZE=2)")
                && out.contains("num_layers × r_max"), out);
    }

    private static Path which(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, exe);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
