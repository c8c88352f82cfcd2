package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnequip.dist.MpiRun;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.io.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mpirun -np 2 jnequip evaluate} (each rank a JVM on this test's class path) against {@code -np 1}: the
 * same metrics to rounding (sums added over ranks, not averages of averages), one table, one plot and one
 * JSON file. Every frame's prediction must be the same computation in both runs, since the float32 model's
 * results change at the 1e-7 level with a batch's composition and with the thread count: batches of one
 * frame, and mpirun binds each rank to one core in both runs. Then only the grouping of the sums differs.
 * Skipped, with the reason, without mpirun.
 */
class MpiEvaluateTest {
    @TempDir Path tmp;

    @Test
    void twoRanksScoreLikeOne() throws Exception {
        Assumptions.assumeTrue(MpiRun.missing() == null, MpiRun.missing());
        Path data = tmp.resolve("frames.extxyz"), one = tmp.resolve("one.json"), two = tmp.resolve("two.json"), png = tmp.resolve("parity.png");
        List<Structure> all = ExtXyz.read(CliTestSupport.ethanol());
        ExtXyz.write(data, all.subList(0, 13));                             // odd count: the shards differ in size
        String model = CliTestSupport.repoRoot().resolve("models/ethanol-demo.safetensors").toString();
        MpiRun.Result single = MpiRun.java(1, 180, tmp, Main.class.getName(), "evaluate", "--model", model, "--data", data.toString(),
                "--json", one.toString(), "--batch-size", "1");
        assertEquals(0, single.status(), single.output());
        assertTrue(!single.output().contains("ranks:") && !single.output().contains(" on 1 ranks"), single.output());

        MpiRun.Result r = MpiRun.java(2, 180, tmp, Main.class.getName(), "evaluate", "--model", model, "--data", data.toString(),
                "--json", two.toString(), "--plot", png.toString(), "--batch-size", "1");
        System.out.printf("mpirun -np 2 jnequip evaluate: exit %d after %.1f s%n", r.status(), r.seconds());
        assertEquals(0, r.status(), r.output());
        assertEquals(1, r.output().lines().filter(l -> l.startsWith("energy per atom")).count(), "one table from rank 0:\n" + r.output());
        assertTrue(r.output().contains("evaluated in") && r.output().contains("on 2 ranks"), r.output());
        assertTrue(r.output().contains("ranks: Open MPI"), r.output());
        assertTrue(Files.size(png) > 1000, "parity plot written");

        Map<String, Object> a = Json.obj(Json.read(one)), b = Json.obj(Json.read(two));
        assertEquals(a.keySet(), b.keySet());
        double worst = 0;
        for (String k : a.keySet()) {
            double x = Json.num(a.get(k)), y = Json.num(b.get(k));
            worst = Math.max(worst, Math.abs(x - y) / Math.abs(x));
        }
        System.out.printf("1 rank vs 2 ranks: %d metrics, max relative difference %.2e%n", a.size(), worst);
        assertTrue(worst < 1e-12, "metrics differ by " + worst);
    }

    /** A command that does not split its work refuses to run as several ranks (it would repeat the work, and write the same files). */
    @Test
    void singleProcessCommandsRefuseSeveralRanks() throws Exception {
        Assumptions.assumeTrue(MpiRun.missing() == null, MpiRun.missing());
        MpiRun.Result r = MpiRun.java(2, 120, tmp, Main.class.getName(), "md", "--help");
        assertEquals(2, r.status(), r.output());
        assertTrue(r.output().contains("error: jnequip md runs in one process, but mpirun started 2 ranks; only bench-allreduce, evaluate and train are split"),
                r.output());
    }
}
