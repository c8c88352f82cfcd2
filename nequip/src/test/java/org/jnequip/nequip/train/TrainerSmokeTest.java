package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerSmokeTest {
    @Test
    void trainsPairPotentialAndWritesRunFiles(@TempDir Path tmp) throws Exception {
        Path data = TrainTestSupport.ethanolSubset(tmp, "eth.extxyz", 40);
        Map<String, Object> raw = TrainTestSupport.smallConfig(tmp.resolve("results"), data);
        raw.put("max_epochs", 6);
        TrainConfig cfg = TrainTestSupport.parse(raw, tmp);
        java.util.List<Double> valLoss = new java.util.ArrayList<>();
        Trainer.Result r = new Trainer(cfg, PairPotential::new, new TrainListener() {
            @Override public void epoch(int epoch, Map<String, Double> m, boolean best) { valLoss.add(m.get("validation_loss")); }
        }).run(false);
        assertEquals(7, valLoss.size());
        assertTrue(valLoss.get(6) < valLoss.get(0), "validation loss should fall: " + valLoss);
        assertEquals(6, r.lastEpoch());
        RunDirectory d = r.dir();
        for (Path p : new Path[]{d.checkpoint(), d.bestModel(), d.metrics(), d.splits(), d.config()}) assertTrue(Files.isRegularFile(p), p.toString());
        assertEquals(8, Files.readAllLines(d.metrics()).size());   // header + epochs 0..6
    }
}
