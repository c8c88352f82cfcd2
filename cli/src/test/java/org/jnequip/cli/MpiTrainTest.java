package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnequip.dist.MpiRun;
import org.jnequip.nequip.train.Checkpoint;
import org.jnequip.nequip.train.MetricsLog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code mpirun -np N jnequip train} (each rank a JVM on this test's class path, {@link MpiTrainProbe}): a tiny float64
 * NequIP model, 10 training frames in batches of 4 (the last batch has 2), 3 epochs.
 * <ul>
 *   <li>2 ranks and 1 rank, both under mpirun with one thread per rank, from the same seed: the weights agree to
 *       1e-12. They are not the same bits: with 2 ranks each batch's gradient is the sum, in rank order, of two shards'
 *       gradients, a different grouping of the same per-atom terms than one backward pass over the batch. Both ranks
 *       of a run hold the same bits (the sum is the same rank-order sum everywhere).</li>
 *   <li>A run stopped after 2 epochs continues with --resume on the other rank count and ends within 1e-12 of the
 *       runs that never stopped.</li>
 *   <li>With {@code --device opencl} each rank trains on the device and the gradients pass through the host once per
 *       step; the run agrees with the CPU to DeviceTrainingTest's float64 tolerance (the device kernels sum in another
 *       order). Skipped without an OpenCL device.</li>
 *   <li>Rank 1 failing mid-epoch (an exception, or SIGKILL) ends the whole run with a non-zero status and a message
 *       naming the rank, without a hang; rank 0's last checkpoint is whole, and the run continues from it.</li>
 * </ul>
 * Skipped, with the reason, without mpirun.
 */
class MpiTrainTest {
    private static final List<String> ONE_THREAD = List.of("-Djnequip.threads=1");
    private static final double TOLERANCE = 1e-12;

    @TempDir Path tmp;

    @Test
    void twoRanksTrainLikeOneAndResumeOnEither() throws Exception {
        Assumptions.assumeTrue(MpiRun.missing() == null, MpiRun.missing());
        MpiRun.Result two = train(2, config("two", 3));
        assertEquals(0, two.status(), two.output());
        assertEquals(1, count(two.output(), "epoch    3 |"), "rank 0 alone prints:\n" + two.output());
        assertEquals(1, count(two.output(), "replicas: 2, each takes a shard of every batch of 4 frames"), two.output());
        assertSameWeights(two);
        MpiRun.Result one = train(1, config("one", 3));
        assertEquals(0, one.status(), one.output());
        assertFalse(one.output().contains("replicas:"), one.output());
        System.out.printf("mpirun -np 2 train: %.1f s, -np 1: %.1f s (3 epochs, JVM start included)%n", two.seconds(), one.seconds());

        Checkpoint a = checkpoint("two"), b = checkpoint("one");
        assertEquals(9, a.state().optimizerStep());
        compare("2 ranks vs 1 rank", a, b);
        List<Map<String, Double>> ma = MetricsLog.read(run("two").resolve("metrics.csv")), mb = MetricsLog.read(run("one").resolve("metrics.csv"));
        assertEquals(4, ma.size());
        for (int i = 0; i < ma.size(); i++)
            for (String k : ma.get(i).keySet())
                if (!k.contains("wall")) assertEquals(mb.get(i).get(k), ma.get(i).get(k), 1e-9 * Math.abs(mb.get(i).get(k)), "metrics.csv row " + i + " " + k);

        for (int[] ranks : new int[][]{{2, 1}, {1, 2}}) {                  // 2 epochs on one count, the third on the other
            String name = ranks[0] + "then" + ranks[1];
            MpiRun.Result first = train(ranks[0], config(name, 2));
            assertEquals(0, first.status(), first.output());
            MpiRun.Result rest = train(ranks[1], config(name, 3), "--resume");
            assertEquals(0, rest.status(), rest.output());
            assertTrue(rest.output().contains("resuming") && count(rest.output(), "epoch    3 |") == 1 && !rest.output().contains("epoch    2 |"), rest.output());
            Checkpoint c = checkpoint(name);
            String how = ranks[0] == 2 ? "2 ranks, then 1" : "1 rank, then 2";
            compare(how + ", vs 2 ranks", c, a);
            compare(how + ", vs 1 rank", c, b);
        }
    }

    @Test
    void twoRanksOnOpenCl() throws Exception {
        Assumptions.assumeTrue(MpiRun.missing() == null, MpiRun.missing());
        DeviceTrainingTest.requireDevice("opencl", "float64");
        MpiRun.Result two = train(2, config("opencl", 2), "--device", "opencl");
        assertEquals(0, two.status(), two.output());
        assertEquals(1, count(two.output(), "device: training on opencl"), two.output());
        assertSameWeights(two);
        MpiRun.Result cpu = train(1, config("cpu", 2));
        assertEquals(0, cpu.status(), cpu.output());
        compare("2 ranks on OpenCL vs 1 rank on the CPU", checkpoint("opencl"), checkpoint("cpu"), DeviceTrainingTest.tolerance("float64"));
    }

    @ParameterizedTest(name = "rank 1 fails: {0}")
    @ValueSource(strings = {"throw", "kill"})
    void aDyingRankEndsTheRun(String how) throws Exception {
        Assumptions.assumeTrue(MpiRun.missing() == null, MpiRun.missing());
        Path cfg = config("dies", 4);
        MpiRun.Result r = MpiRun.java(2, 180, tmp, ONE_THREAD, MpiTrainProbe.class.getName(), "--fail-after", "8", how, "train", cfg.toString());
        System.out.printf("rank 1 fails (%s) in epoch 3: mpirun exit %d after %.1f s%n", how, r.status(), r.seconds());
        assertNotEquals(0, r.status(), r.output());
        assertFalse(r.output().contains("epoch    3 |"), r.output());
        if (how.equals("throw"))
            assertTrue(r.output().contains("error: injected failure at training step 8")
                    && r.output().contains("rank 1 of 2 is ending before the run finished"), r.output());
        else assertTrue(r.output().contains("signal 9"), "mpirun names the killed rank's signal:\n" + r.output());

        Checkpoint c = checkpoint("dies");                                  // whole (written atomically), epoch 2 or, if the failure came first, 1
        assertTrue(c.state().epoch() == 1 || c.state().epoch() == 2, "checkpoint of epoch " + c.state().epoch());
        CliTestSupport.Run resumed = CliTestSupport.run("train", "--resume", cfg.toString());   // one process, no mpirun
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.out().contains("resuming") && resumed.out().contains("epoch    4 |"), resumed.out());
    }

    /** The tiny model's config; the run directory is tmp/name/run. */
    private Path config(String name, int maxEpochs) throws Exception {
        Path f = tmp.resolve(name + "-" + maxEpochs + ".yaml");
        Files.writeString(f, "root: " + tmp.resolve(name) + "\nrun_name: run\nseed: 3\ndataset_file_name: " + CliTestSupport.ethanol()
                + "\nn_train: 10\nn_val: 5\nbatch_size: 4\nr_max: 3.5\ndefault_dtype: float64\nlearning_rate: 0.01\n"
                + "num_layers: 2\nl_max: 1\nnum_features: 4\nnum_basis: 4\ninvariant_layers: 1\ninvariant_neurons: 8\nmax_epochs: " + maxEpochs + "\n");
        return f;
    }

    private Path run(String name) { return tmp.resolve(name).resolve("run"); }

    private Checkpoint checkpoint(String name) throws Exception { return Checkpoint.read(run(name).resolve("checkpoint.safetensors")); }

    private MpiRun.Result train(int ranks, Path cfg, String... more) throws Exception {
        String[] args = new String[2 + more.length];
        args[0] = "train";
        args[1] = cfg.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        return MpiRun.java(ranks, 240, tmp, ONE_THREAD, MpiTrainProbe.class.getName(), args);
    }

    /**
     * Weights, EMA and optimiser moments of two checkpoints agree to {@link #TOLERANCE}, at the same step: per tensor
     * max |x − y| / max |y| ({@link DeviceTrainingTest#maxRelErr}).
     */
    private static void compare(String what, Checkpoint x, Checkpoint y) { compare(what, x, y, TOLERANCE); }

    private static void compare(String what, Checkpoint x, Checkpoint y, double tolerance) {
        assertEquals(y.state().optimizerStep(), x.state().optimizerStep(), what);
        double w = DeviceTrainingTest.maxRelErr(x.weights(), y.weights()), e = DeviceTrainingTest.maxRelErr(x.ema(), y.ema()),
                o = DeviceTrainingTest.maxRelErr(x.optimizer(), y.optimizer());
        System.out.printf("%s, float64: relative differences: weights %.2e, EMA %.2e, optimiser moments %.2e%n", what, w, e, o);
        assertTrue(w <= tolerance && e <= tolerance && o <= tolerance, what + ": weights " + w + ", EMA " + e + ", moments " + o);
    }

    /** Both ranks printed the digest of their final weights, and the digests are equal. */
    private static void assertSameWeights(MpiRun.Result r) {
        List<String> digests = r.output().lines().filter(l -> l.matches("rank [01] weights .*")).map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
        assertEquals(2, digests.size(), r.output());
        assertEquals(digests.get(0), digests.get(1), "both ranks hold the same weights");
    }

    private static long count(String text, String what) { return text.lines().filter(l -> l.contains(what)).count(); }
}
