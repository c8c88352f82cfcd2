package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: the NequIP model learns the bundled ethanol data. After a short training run (well under three
 * minutes on two cores) the validation force MAE is below half that of the initial model, and the energy MAE
 * falls too.
 */
class NequipLearningTest {
    @Test
    void validationErrorsFall(@TempDir Path tmp) throws Exception {
        Map<String, Object> raw = new java.util.LinkedHashMap<>();
        raw.put("root", tmp.resolve("results").toString());
        raw.put("run_name", "learn");
        raw.put("seed", 1);
        raw.put("dataset_file_name", TrainTestSupport.ethanol().toString());
        raw.put("n_train", 100);
        raw.put("n_val", 25);
        raw.put("r_max", 4.0);
        raw.put("num_layers", 2);
        raw.put("l_max", 1);
        raw.put("num_features", 8);
        raw.put("invariant_layers", 1);
        raw.put("invariant_neurons", 16);
        raw.put("batch_size", 5);
        raw.put("learning_rate", 0.01);
        raw.put("max_epochs", 15);
        raw.put("lr_scheduler_patience", 3);
        long t0 = System.nanoTime();
        List<Map<String, Double>> rows = new java.util.ArrayList<>();
        Trainer.Result r = new Trainer(TrainConfig.from(raw, tmp, null), NequipPotential::create, new TrainListener() {
            @Override public void epoch(int epoch, Map<String, Double> m, boolean best) {
                rows.add(m);
                System.out.printf("epoch %d  F MAE %.1f meV/Å  E MAE %.1f meV  (%.1f s)%n", epoch, 1000 * m.get("validation_f_mae"),
                        1000 * m.get("validation_e_mae"), m.get("wall"));
            }
        }).run(false);
        double secs = (System.nanoTime() - t0) * 1e-9;
        Map<String, Double> first = rows.get(0), best = rows.get(r.bestEpoch());
        System.out.printf("learning test: %.0f s; F MAE %.1f -> %.1f meV/Å, E MAE %.1f -> %.1f meV%n", secs,
                1000 * first.get("validation_f_mae"), 1000 * best.get("validation_f_mae"), 1000 * first.get("validation_e_mae"), 1000 * best.get("validation_e_mae"));
        assertEquals(0, (int) (double) first.get("epoch"));
        assertTrue(best.get("validation_f_mae") < 0.5 * first.get("validation_f_mae"),
                "force MAE " + best.get("validation_f_mae") + " not below half of the initial " + first.get("validation_f_mae"));
        assertTrue(best.get("validation_e_mae") < first.get("validation_e_mae"),
                "energy MAE " + best.get("validation_e_mae") + " did not fall from " + first.get("validation_e_mae"));
    }
}
