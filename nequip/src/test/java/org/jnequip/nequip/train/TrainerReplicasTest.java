package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training through {@link Replicas}, without MPI: two replicas in two threads ({@link ThreadReplicas})
 * train a float64 NequIP model for 3 epochs on shards of every batch, against one process on whole batches, from the
 * same seed. The batches of 4 frames leave a last batch of one frame, so one replica has an empty shard there. The
 * weights agree to 1e-12: the loss is divided by the global counts, so the two shards' gradients add up to the batch's
 * (they differ from one backward pass over the batch only in the grouping of the sums). The replicas hold the same
 * bits; replica 0 alone writes files and reports to its listener.
 */
class TrainerReplicasTest {
    @TempDir Path tmp;

    @Test
    void twoReplicasTrainLikeOneProcess() throws Exception {
        Path data = TrainTestSupport.ethanolSubset(tmp, "eth.extxyz", 30);
        Map<String, Object> raw = TrainTestSupport.smallConfig(tmp.resolve("one"), data);
        raw.put("n_train", 13);                              // batches of 4, 4, 4 and 1 frames
        raw.put("n_val", 5);
        raw.put("batch_size", 4);
        raw.put("max_epochs", 3);
        List<Potential> models = new ArrayList<>();
        Trainer.Result one = new Trainer(TrainTestSupport.parse(raw, tmp), factory(models), null).run(false);

        ThreadReplicas world = new ThreadReplicas(2);
        List<List<Potential>> replicaModels = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<Integer>> heard = List.of(new ArrayList<>(), new ArrayList<>());
        List<Future<Trainer.Result>> runs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int r = 0; r < 2; r++) {
                int rank = r;
                Map<String, Object> mine = new LinkedHashMap<>(raw);
                mine.put("root", tmp.resolve("replica" + rank).toString());    // replica 1 must write nothing there
                TrainListener listener = new TrainListener() {
                    @Override public void epoch(int epoch, Map<String, Double> m, boolean best) { heard.get(rank).add(epoch); }
                };
                runs.add(pool.submit(() -> {
                    try {
                        return new Trainer(TrainTestSupport.parse(mine, tmp), factory(replicaModels.get(rank)), listener, world.replica(rank)).run(false);
                    } catch (Exception | AssertionError e) {
                        world.fail();
                        throw e;
                    }
                }));
            }
        }
        Trainer.Result r0 = runs.get(0).get(), r1 = runs.get(1).get();
        assertEquals(3, r0.lastEpoch());
        assertEquals(r0.lastMetrics(), r1.lastMetrics(), "the replicas see the same reduced metrics");
        assertEquals(List.of(0, 1, 2, 3), heard.get(0));    // epoch 0: the initial validation
        assertEquals(List.of(), heard.get(1), "replica 1 reports nothing");
        assertFalse(Files.exists(tmp.resolve("replica1")), "replica 1 writes nothing");

        TrainerResumeTest.assertBitwiseEqual(replicaModels.get(0).getFirst().stateDict(), replicaModels.get(1).getFirst().stateDict(), "replica weights");
        Checkpoint c1 = Checkpoint.read(one.dir().checkpoint()), c2 = Checkpoint.read(r0.dir().checkpoint());
        assertEquals(c1.state().optimizerStep(), c2.state().optimizerStep());
        assertEquals(12, c2.state().optimizerStep(), "4 steps per epoch");
        double w = maxDiff(c1.weights(), c2.weights()), e = maxDiff(c1.ema(), c2.ema()), o = maxDiff(c1.optimizer(), c2.optimizer());
        System.out.printf("1 process vs 2 replicas, 3 epochs in float64: weights differ by %.2e, EMA %.2e, optimiser moments %.2e (max abs)%n", w, e, o);
        assertTrue(w <= 1e-12 && e <= 1e-12, "weights differ by " + w + ", EMA by " + e);

        List<Map<String, Double>> m1 = MetricsLog.read(one.dir().metrics()), m2 = MetricsLog.read(r0.dir().metrics());
        assertEquals(m1.size(), m2.size());
        for (int i = 0; i < m1.size(); i++) {
            assertEquals(m1.get(i).keySet(), m2.get(i).keySet());
            for (String k : m1.get(i).keySet())
                if (!k.contains("wall")) assertEquals(m1.get(i).get(k), m2.get(i).get(k), 1e-12 * Math.abs(m1.get(i).get(k)), "metrics.csv row " + i + " " + k);
        }
    }

    /** NequIP models as the trainer builds them, recorded in {@code built}. */
    private static Potential.Factory factory(List<Potential> built) {
        return (c, seed, backend) -> {
            Potential p = Models.nequip().create(c, seed, backend);
            built.add(p);
            return p;
        };
    }

    /** Largest |a − b| over every tensor of two state maps with the same names. */
    static double maxDiff(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertEquals(a.keySet(), b.keySet());
        double worst = 0;
        for (String k : a.keySet()) {
            double[] x = a.get(k).toDoubleArray(), y = b.get(k).toDoubleArray();
            for (int i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
        }
        return worst;
    }
}
