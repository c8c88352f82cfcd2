package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnequip.nequip.config.ConfigException;
import org.jnequip.nequip.io.ModelFile;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 4 epochs straight vs 2 epochs + resume to 4 must give bit-identical weights, EMA, optimiser state and metrics (CPU, float64). */
class TrainerResumeTest {

    static void assertBitwiseEqual(Map<String, Tensor> a, Map<String, Tensor> b, String what) {
        assertEquals(a.keySet(), b.keySet(), what + ": names");
        for (String k : a.keySet()) {
            double[] x = a.get(k).toDoubleArray(), y = b.get(k).toDoubleArray();
            assertEquals(x.length, y.length, what + " " + k);
            for (int i = 0; i < x.length; i++)
                assertEquals(Double.doubleToRawLongBits(x[i]), Double.doubleToRawLongBits(y[i]), what + " " + k + "[" + i + "]: " + x[i] + " vs " + y[i]);
        }
    }

    static void check(Path tmp, Potential.Factory factory) throws Exception {
        Path data = TrainTestSupport.ethanolSubset(tmp, "eth.extxyz", 30);
        Map<String, Object> a = TrainTestSupport.smallConfig(tmp.resolve("straight"), data);
        a.put("max_epochs", 4);
        a.put("lr_scheduler_patience", 0);              // let the schedule change the learning rate within 4 epochs
        a.put("lr_scheduler_factor", 0.5);
        a.put("lr_scheduler_threshold", 0.3);            // an epoch must improve by 30 % to count as better
        Trainer.Result ra = new Trainer(TrainTestSupport.parse(a, tmp), factory, null).run(false);

        Map<String, Object> b = new java.util.LinkedHashMap<>(a);
        b.put("root", tmp.resolve("resumed").toString());
        b.put("max_epochs", 2);
        Trainer.Result rb1 = new Trainer(TrainTestSupport.parse(b, tmp), factory, null).run(false);
        assertEquals(2, rb1.lastEpoch());
        b.put("max_epochs", 4);
        Trainer.Result rb = new Trainer(TrainTestSupport.parse(b, tmp), factory, null).run(true);
        assertEquals(4, rb.lastEpoch());

        Checkpoint ca = Checkpoint.read(ra.dir().checkpoint()), cb = Checkpoint.read(rb.dir().checkpoint());
        assertBitwiseEqual(ca.weights(), cb.weights(), "weights");
        assertBitwiseEqual(ca.ema(), cb.ema(), "ema");
        assertBitwiseEqual(ca.optimizer(), cb.optimizer(), "optimizer");
        assertEquals(ca.state().lr(), cb.state().lr());
        assertEquals(ca.state().rngCounter(), cb.state().rngCounter());
        assertEquals(ca.state().bestEpoch(), cb.state().bestEpoch());
        assertBitwiseEqual(ModelFile.read(ra.dir().bestModel()).parameters(), ModelFile.read(rb.dir().bestModel()).parameters(), "best model");

        List<Map<String, Double>> ma = MetricsLog.read(ra.dir().metrics()), mb = MetricsLog.read(rb.dir().metrics());
        assertEquals(ma.size(), mb.size());
        for (int i = 0; i < ma.size(); i++)
            for (String k : ma.get(i).keySet())
                if (!k.contains("wall")) assertEquals(ma.get(i).get(k), mb.get(i).get(k), "metrics.csv row " + i + " " + k);
        assertTrue(ca.state().lr() < 0.01, "the schedule should have reduced the learning rate, lr = " + ca.state().lr());
    }

    @Test
    void resumeIsBitwiseIdenticalWithPairPotential(@TempDir Path tmp) throws Exception {
        check(tmp, PairPotential::new);
    }

    /** The same with the NequIP model (small, float64). */
    @Test
    void resumeIsBitwiseIdenticalWithNequip(@TempDir Path tmp) throws Exception {
        check(tmp, (cfg, seed) -> NequipPotential.create(new org.jnequip.nequip.model.NequipConfig(cfg.chemicalSymbols(), cfg.rMax(), 2, 1,
                true, 4, 4, true, 6.0, 1, 8, "silu", "tanh", "silu", "tanh", true, false, cfg.avgNumNeighbors(), cfg.perSpeciesScales(),
                cfg.perSpeciesShifts(), cfg.globalScale(), cfg.dtype()), seed));
    }

    @Test
    void resumeRejectsChangedConfigAndMissingCheckpoint(@TempDir Path tmp) throws Exception {
        Path data = TrainTestSupport.ethanolSubset(tmp, "eth.extxyz", 30);
        Map<String, Object> a = TrainTestSupport.smallConfig(tmp.resolve("r"), data);
        ConfigException none = assertThrows(ConfigException.class, () -> new Trainer(TrainTestSupport.parse(a, tmp), PairPotential::new, null).run(true));
        assertTrue(none.getMessage().contains("nothing to resume"), none.getMessage());
        a.put("max_epochs", 1);
        new Trainer(TrainTestSupport.parse(a, tmp), PairPotential::new, null).run(false);
        a.put("learning_rate", 0.02);
        ConfigException e = assertThrows(ConfigException.class, () -> new Trainer(TrainTestSupport.parse(a, tmp), PairPotential::new, null).run(true));
        assertTrue(e.getMessage().contains("learning_rate"), e.getMessage());
        a.put("learning_rate", 0.01);
        ConfigException fresh = assertThrows(ConfigException.class, () -> new Trainer(TrainTestSupport.parse(a, tmp), PairPotential::new, null).run(false));
        assertTrue(fresh.getMessage().contains("--resume"), fresh.getMessage());
    }
}
