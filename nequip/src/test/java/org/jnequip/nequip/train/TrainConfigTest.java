package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.nequip.config.ConfigException;
import org.jnequip.nequip.config.ConfigMap;
import org.jnequip.nequip.model.ModelKeys;
import org.jnequip.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainConfigTest {
    private static Map<String, Object> minimal(Path data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset_file_name", data.getFileName().toString());
        m.put("n_train", 10);
        m.put("n_val", 5);
        return m;
    }

    private static Path data(Path tmp) throws Exception {
        Path p = tmp.resolve("d.extxyz");
        Files.writeString(p, "");
        return p;
    }

    @Test
    void defaultsFollowThePaperMethods(@TempDir Path tmp) throws Exception {
        TrainConfig c = TrainConfig.from(minimal(data(tmp)), tmp, null);
        assertTrue(c.amsgrad());
        assertEquals(0.005, c.learningRate());
        assertEquals(5, c.batchSize());
        assertEquals(0.99, c.emaDecay());
        assertTrue(c.useEma());
        assertTrue(c.schedulerOn());
        assertEquals(0.8, c.schedulerFactor());
        assertEquals(50, c.schedulerPatience());
        assertEquals(Map.of("LR", 1e-5), c.stopLower());
        assertEquals(1.0, c.forcesWeight());
        assertTrue(c.energyPerAtom());
        assertEquals("validation_loss", c.metricsKey());
        assertTrue(c.model().fromData(ModelKeys.AVG_NUM_NEIGHBORS));
        assertTrue(c.model().fromData(ModelKeys.CHEMICAL_SYMBOLS));
        assertNull(c.chemicalSymbols());
        assertEquals(DType.F32, c.model().get(ModelKeys.MODEL_DTYPE));
        assertEquals(4.0, c.model().get(ModelKeys.R_MAX));
        assertEquals(tmp.resolve("results/run"), c.runDir());
        assertEquals(tmp.resolve("d.extxyz"), c.datasetFile());
    }

    @Test
    void nequipStyleValues(@TempDir Path tmp) throws Exception {
        Map<String, Object> m = minimal(data(tmp));
        m.put("loss_coeffs", Map.of("forces", 100, "total_energy", List.of(2, "MSELoss")));
        m.put("nonlinearity_scalars", Map.of("e", "ssp", "o", "tanh"));
        m.put("avg_num_neighbors", null);
        m.put("default_dtype", "float64");
        m.put("model_dtype", "float32");
        m.put("early_stopping_patiences", Map.of("validation_loss", 20));
        m.put("optimizer_betas", List.of(0.8, 0.99));
        m.put("learning_rate", "1e-3");              // YAML 1.1 reads 1e-3 as a string
        TrainConfig c = TrainConfig.from(m, tmp, null);
        assertEquals(100, c.forcesWeight());
        assertEquals(2, c.energyWeight());
        assertFalse(c.energyPerAtom());
        assertEquals(new ModelKeys.EvenOdd("ssp", "tanh"), c.model().get(ModelKeys.NONLINEARITY_SCALARS));
        assertFalse(c.model().fromData(ModelKeys.AVG_NUM_NEIGHBORS));
        assertTrue(Double.isNaN(c.model().get(ModelKeys.AVG_NUM_NEIGHBORS)));
        assertEquals(DType.F32, c.model().get(ModelKeys.MODEL_DTYPE));
        assertEquals(Map.of("validation_loss", 20), c.stopPatiences());
        assertEquals(0.8, c.beta1());
        assertEquals(1e-3, c.learningRate());
        m.put("avg_num_neighbors", 12.5);
        assertEquals(12.5, TrainConfig.from(m, tmp, null).model().get(ModelKeys.AVG_NUM_NEIGHBORS));
        m.put("avg_num_neighbors", "auto");
        assertTrue(TrainConfig.from(m, tmp, null).model().fromData(ModelKeys.AVG_NUM_NEIGHBORS));
        m.put("chemical_symbols", "O H");
        assertEquals(List.of("O", "H"), TrainConfig.from(m, tmp, null).chemicalSymbols());
    }

    @Test
    void errorsNameKeyAndValue(@TempDir Path tmp) throws Exception {
        Path d = data(tmp);
        record Case(String key, Object value, String expect) {}
        for (Case k : List.of(
                new Case("num_layer", 3, "nearest valid keys: num_layers"),
                new Case("global_rescale_scale", 2.0, "key 'global_rescale_scale' cannot be set for training: it is the force RMS of the training set"),
                new Case("chemical_symbols", List.of("H", "H"), "key 'chemical_symbols': expected a list without repeated symbols"),
                new Case("r_max", -1.0, "key 'r_max': expected a number in (0.0"),
                new Case("parity", "yes", "key 'parity': expected true or false, got 'yes'"),
                new Case("optimizer_name", "SGD", "key 'optimizer_name': expected one of Adam"),
                new Case("optimizer_betas", List.of(0.9), "key 'optimizer_betas': expected a list of 2 numbers"),
                new Case("nonlinearity_gates", Map.of("e", "swish"), "key 'nonlinearity_gates.e': expected one of silu"),
                new Case("avg_num_neighbors", "many", "key 'avg_num_neighbors': expected auto, null or a number > 0, got 'many'"),
                new Case("loss_coeffs", Map.of("stress", 1), "loss_coeffs.stress': unknown loss term"),
                new Case("early_stopping_patiences", Map.of("validation_loss", 2.5), "early_stopping_patiences.validation_loss"),
                new Case("metrics_key", "loss", "key 'metrics_key'"),
                new Case("dataset_energy_unit", "kJ/mol", "key 'dataset_energy_unit': expected one of eV, meV, kcal/mol, Hartree, got 'kJ/mol'"),
                new Case("validation_dataset_file_name", "missing.xyz", "data file not found: 'missing.xyz'"))) {
            Map<String, Object> m = minimal(d);
            m.put(k.key(), k.value());
            ConfigException e = assertThrows(ConfigException.class, () -> TrainConfig.from(m, tmp, null), k.key());
            assertTrue(e.getMessage().contains(k.expect()), k.key() + ": " + e.getMessage());
        }
        Map<String, Object> m = minimal(d);
        m.remove("n_val");
        assertTrue(assertThrows(ConfigException.class, () -> TrainConfig.from(m, tmp, null)).getMessage().contains("'n_val' is required"));
    }

    @Test
    void deviceKey(@TempDir Path tmp) throws Exception {
        Path d = data(tmp);
        assertEquals("cpu", TrainConfig.from(minimal(d), tmp, null).device());
        for (String[] v : new String[][]{{"cpu", "cpu"}, {"opencl", "opencl"}, {"cuda", "cuda"}, {"OpenCL", "opencl"}}) {
            Map<String, Object> m = minimal(d);
            m.put("device", v[0]);
            assertEquals(v[1], TrainConfig.from(m, tmp, null).device(), v[0]);
        }
        for (Object bad : new Object[]{"gpu", 0, List.of("cuda")}) {
            Map<String, Object> m = minimal(d);
            m.put("device", bad);
            ConfigException e = assertThrows(ConfigException.class, () -> TrainConfig.from(m, tmp, null), String.valueOf(bad));
            assertEquals("device", e.key());
            assertTrue(e.getMessage().startsWith("key 'device': expected one of cpu, opencl, cuda, got "), e.getMessage());
        }
        // where a run computes may change when it is resumed (e.g. continuing a CPU run on a GPU machine)
        Map<String, Object> now = minimal(d);
        now.put("device", "opencl");
        assertEquals(List.of(), RunDirectory.changedKeys(minimal(d), now));
    }

    @Test
    void relativeDataPathFallsBackToTheConfigFolder(@TempDir Path tmp) throws Exception {
        Path sub = Files.createDirectories(tmp.resolve("configs"));
        Files.writeString(sub.resolve("x.extxyz"), "");
        Map<String, Object> m = minimal(sub.resolve("x.extxyz"));
        assertEquals(sub.resolve("x.extxyz"), TrainConfig.from(m, tmp, sub).datasetFile());
    }

    @Test
    void levenshtein() {
        assertEquals(0, ConfigMap.levenshtein("abc", "abc"));
        assertEquals(1, ConfigMap.levenshtein("lerning_rate", "learning_rate"));
        assertEquals(3, ConfigMap.levenshtein("kitten", "sitting"));
    }
}
