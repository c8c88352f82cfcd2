package org.jnequip.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open MPI through FFM, as separate JVMs under {@code mpirun --oversubscribe -np N} ({@link MpiProbe}): every
 * collective on 2 and 3 ranks, and a rank that fails (exit, exception, halt) ends the whole job with a clear
 * message instead of leaving rank 0 waiting in a barrier. mpirun's own "MPI_ABORT was invoked" banner is not
 * asserted: Open MPI 4.1 sometimes loses it ("Data unpack would read past end of buffer in show_help.c",
 * open-mpi/ompi#8356). Skipped, with the reason, without mpirun.
 */
class OpenMpiTest {
    private static final int TIMEOUT_S = 120;
    @TempDir Path tmp;

    @BeforeEach
    void needMpi() { Assumptions.assumeTrue(MpiRun.missing() == null, MpiRun.missing()); }

    @Test
    void collectivesOnTwoRanks() throws Exception { collectives(2); }

    @Test
    void collectivesOnThreeRanks() throws Exception { collectives(3); }

    private void collectives(int ranks) throws Exception {
        MpiRun.Result r = MpiRun.java(ranks, TIMEOUT_S, tmp, MpiProbe.class.getName(), "collectives");
        System.out.print(r.output().lines().filter(l -> l.contains("ranks: sum(MPI)")).map(l -> l + "\n").reduce("", String::concat));
        assertEquals(0, r.status(), r.output());
        for (int q = 0; q < ranks; q++) assertTrue(r.output().contains("rank " + q + " ok"), r.output());
    }

    @Test
    void rankThatExitsEarlyEndsTheJob() throws Exception {
        MpiRun.Result r = failing("exit");
        assertTrue(r.output().contains("rank 1 of 2 is ending before the run finished"), r.output());
    }

    @Test
    void exceptionOnOneRankEndsTheJob() throws Exception {
        MpiRun.Result r = failing("throw");
        assertTrue(r.output().contains("probe failure on rank 1"), r.output());
        assertTrue(r.output().contains("rank 1 of 2 is ending before the run finished"), r.output());
    }

    @Test
    void rankThatVanishesEndsTheJob() throws Exception {
        MpiRun.Result r = failing("halt");                               // no shutdown hook: mpirun must notice
        assertTrue(r.output().contains("non-zero") && r.output().contains("Exit code:    4"), r.output());
    }

    private MpiRun.Result failing(String scenario) throws Exception {
        MpiRun.Result r = MpiRun.java(2, TIMEOUT_S, tmp, MpiProbe.class.getName(), scenario);
        System.out.printf("scenario %s: mpirun exit status %d after %.1f s%n", scenario, r.status(), r.seconds());
        assertNotEquals(0, r.status(), r.output());
        assertFalse(r.output().contains("passed the barrier"), r.output());
        assertFalse(r.output().contains("MPI_ABORT was invoked on rank 0"), "the rank stopped by the launcher must not abort too:\n" + r.output());
        return r;
    }
}
