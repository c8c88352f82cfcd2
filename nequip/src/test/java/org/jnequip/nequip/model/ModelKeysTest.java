package org.jnequip.nequip.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jnequip.nequip.Golden;
import org.jnequip.nequip.TestDirs;
import org.jnequip.nequip.config.ConfigException;
import org.jnequip.nequip.io.Json;
import org.jnequip.nequip.io.ModelFile;
import org.jnequip.nequip.io.SafeTensors;
import org.jnequip.tensor.DType;
import org.junit.jupiter.api.Test;

/** The one table of model keys: reader and writer agree key by key, old model files load, each source's rules hold. */
class ModelKeysTest {
    /** A config with a value other than the default for every key. */
    static NequipConfig unusual() {
        return new NequipConfig(List.of("O", "H", "Cu"), 5.25, 3, 1, false, 12, 6, false, 5.0, 1, 24, "ssp", "abs", "sigmoid", "relu",
                false, true, 17.75, new double[]{1.5, 0.25, 3.0}, new double[]{-0.125, 2.5, 1e-300}, 0.0625, DType.F64);
    }

    @Test
    void everyKeyRoundTripsThroughWriteAndRead() {
        NequipConfig c = unusual();
        Map<String, Object> written = ModelKeys.write(c);
        assertEquals(ModelKeys.ALL.size(), written.size());
        NequipConfig back = ModelKeys.read(written, ModelKeys.Source.MODEL_FILE).toConfig();
        assertEquals(written, ModelKeys.write(back));
        // and through the model file's JSON text, bit for bit
        assertEquals(ModelFile.configJson(c), ModelFile.configJson(ModelFile.config(ModelFile.configJson(c))));
        // no key is left at its default, so a key whose reader ignored its value would have shown above
        Map<String, Object> defaults = ModelKeys.write(NequipConfig.defaults(List.of("O", "H", "Cu")));
        for (ModelKeys.Key<?> k : ModelKeys.ALL)
            if (k != ModelKeys.CHEMICAL_SYMBOLS) assertFalse(java.util.Objects.equals(defaults.get(k.name()), written.get(k.name())), k.name());
        Set<String> names = new HashSet<>();
        for (ModelKeys.Key<?> k : ModelKeys.ALL) assertTrue(names.add(k.name()), "duplicate key " + k.name());
    }

    @Test
    void theBundledModelFilesStillLoadAndWriteBackTheSameConfig() throws IOException {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(TestDirs.repoRoot().resolve("models"), "*.safetensors")) {
            for (Path f : ds) {
                String stored = SafeTensors.read(f).metadata().get("config");
                NequipConfig c = ModelFile.read(f).config();
                assertEquals(Json.parse(stored), Json.parse(ModelFile.configJson(c)), f.toString());
                n++;
            }
        }
        assertTrue(n >= 2, "expected the bundled models, found " + n);
    }

    @Test
    void defaultsAreNequipExampleYaml() {
        NequipConfig d = NequipConfig.defaults(List.of("H"));
        assertEquals(4.0, d.rMax());
        assertEquals(4, d.numLayers());
        assertEquals(2, d.lMax());
        assertTrue(d.parity());
        assertEquals(32, d.numFeatures());
        assertEquals(8, d.numBasis());
        assertEquals(6.0, d.polynomialCutoffP());
        assertEquals(2, d.invariantLayers());
        assertEquals(64, d.invariantNeurons());
        assertEquals(List.of("silu", "tanh", "silu", "tanh"), List.of(d.scalarsEven(), d.scalarsOdd(), d.gatesEven(), d.gatesOdd()));
        assertTrue(d.useSc() && d.besselTrainable() && !d.resnet());
        assertTrue(Double.isNaN(d.avgNumNeighbors()));
        assertNull(d.perSpeciesScales());
        assertEquals(1.0, d.globalScale());
        assertEquals(DType.F32, d.dtype());
    }

    @Test
    void aModelFileNeedsEveryKeyAndNoOther() {
        Map<String, Object> m = new LinkedHashMap<>(ModelKeys.write(unusual()));
        m.remove("num_basis");
        ConfigException e = assertThrows(ConfigException.class, () -> ModelKeys.read(m, ModelKeys.Source.MODEL_FILE));
        assertEquals("key 'num_basis' is missing", e.getMessage());
        Map<String, Object> extra = new LinkedHashMap<>(ModelKeys.write(unusual()));
        extra.put("num_bases", 3L);
        e = assertThrows(ConfigException.class, () -> ModelKeys.read(extra, ModelKeys.Source.MODEL_FILE));
        assertEquals("num_bases", e.key());
        Map<String, Object> bad = new LinkedHashMap<>(ModelKeys.write(unusual()));
        bad.put("l_max", "two");
        e = assertThrows(ConfigException.class, () -> ModelKeys.read(bad, ModelKeys.Source.MODEL_FILE));
        assertEquals("key 'l_max': expected an integer, got 'two' (a string)", e.getMessage());
    }

    @Test
    void nequipMapsCollectWhatTheTableDoesNotModel() {
        Map<String, Object> golden = Json.obj(Golden.read(Golden.files("model_small*.json").get(0)).get("config"));
        ModelKeys.Values v = ModelKeys.read(golden, ModelKeys.Source.NEQUIP);
        assertTrue(v.unknown().containsKey("model_builders"), v.unknown().keySet().toString());
        assertTrue(v.unknown().keySet().stream().noneMatch(ModelKeys.NAMES::contains));
        assertEquals(golden.get("avg_num_neighbors"), v.toConfig().avgNumNeighbors());
        // avg_num_neighbors: auto (nequip's default) cannot become a model without data
        Map<String, Object> auto = new LinkedHashMap<>(golden);
        auto.put("avg_num_neighbors", "auto");
        ConfigException e = assertThrows(ConfigException.class, () -> ModelKeys.read(auto, ModelKeys.Source.NEQUIP).toConfig());
        assertEquals("avg_num_neighbors", e.key());
        assertEquals(12.0, ModelKeys.read(auto, ModelKeys.Source.NEQUIP).with(ModelKeys.AVG_NUM_NEIGHBORS, 12.0).toConfig().avgNumNeighbors());
        assertThrows(ConfigException.class, () -> ModelKeys.read(Map.of("r_max", 4.0), ModelKeys.Source.NEQUIP).toConfig(), "no species");
    }

    @Test
    void trainingLeavesTheDataDecide() {
        ModelKeys.Values v = ModelKeys.read(Map.of("r_max", 3.5), ModelKeys.Source.TRAINING);
        for (ModelKeys.Key<?> k : List.of(ModelKeys.CHEMICAL_SYMBOLS, ModelKeys.AVG_NUM_NEIGHBORS, ModelKeys.PER_SPECIES_SCALES,
                ModelKeys.PER_SPECIES_SHIFTS, ModelKeys.GLOBAL_SCALE)) assertTrue(v.fromData(k), k.name());
        assertThrows(IllegalStateException.class, () -> v.get(ModelKeys.GLOBAL_SCALE));
        NequipConfig c = v.with(ModelKeys.CHEMICAL_SYMBOLS, List.of("H", "O")).with(ModelKeys.AVG_NUM_NEIGHBORS, 9.5)
                .with(ModelKeys.PER_SPECIES_SCALES, null).with(ModelKeys.PER_SPECIES_SHIFTS, new double[]{-1, -2})
                .with(ModelKeys.GLOBAL_SCALE, 0.5).toConfig();
        assertEquals(3.5, c.rMax());
        assertEquals(0.5, c.globalScale());
        for (String k : List.of("per_species_rescale_scales", "per_species_rescale_shifts", "global_rescale_scale")) {
            ConfigException e = assertThrows(ConfigException.class, () -> ModelKeys.read(Map.of(k, List.of(1.0)), ModelKeys.Source.TRAINING));
            assertTrue(e.getMessage().startsWith("key '" + k + "' cannot be set for training: "), e.getMessage());
        }
    }
}
