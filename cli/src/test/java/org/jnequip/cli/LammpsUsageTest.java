package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code jnequip lammps}'s help and usage errors, which need no LAMMPS. */
class LammpsUsageTest {
    @Test
    void helpNamesTheOptions() {
        CliTestSupport.Run r = CliTestSupport.run("lammps", "--help");
        assertEquals(0, r.status());
        for (String s : new String[]{"Usage: jnequip lammps", "INPUT", "-v, -var=NAME VALUE", "--liblammps=PATH", "--model", "'pair_coeff * * MODEL S1 S2 ...'"})
            assertTrue(r.out().contains(s), s + " in: " + r.out());
        assertTrue(CliTestSupport.run("--help").out().contains("lammps"), "listed among the commands");
    }

    @Test
    void aMissingInputOrAHalfVariableIsRefused() {
        CliTestSupport.Run missing = CliTestSupport.run("lammps", "no-such-input.lmp");
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("error: no-such-input.lmp: no such LAMMPS input file"), missing.err());
        CliTestSupport.Run half = CliTestSupport.run("lammps", "in.lmp", "-var", "T");
        assertEquals(2, half.status(), "usage error");
    }
}
