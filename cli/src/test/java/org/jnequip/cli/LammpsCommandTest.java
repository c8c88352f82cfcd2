package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jnequip.dist.MpiRun;
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

    /** Main's refusal of commands that run in one process (Main.DISTRIBUTED), with LAMMPS's own reason. */
    @Test
    void refusesSeveralMpiRanks() throws Exception {
        if (MpiRun.missing() != null) System.out.println(MpiRun.missing());
        assumeTrue(MpiRun.missing() == null, MpiRun.missing());
        Path in = input("metal", PAIR, "run 0\n");
        MpiRun.Result r = MpiRun.java(2, 120, dir, Main.class.getName(), "lammps", in.toString());
        assertEquals(2, r.status(), r.output());
        assertTrue(r.output().contains("error: jnequip lammps runs in one process, but mpirun started 2 ranks: on several ranks each LAMMPS "
                + "subdomain would need ghost atoms num_layers × r_max deep") && r.output().contains("(run lammps without mpirun)"), r.output());
        assertFalse(r.output().contains("LAMMPS ("), "LAMMPS never started:\n" + r.output());
    }
}
