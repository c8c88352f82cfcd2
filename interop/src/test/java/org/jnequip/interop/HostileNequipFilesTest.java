package org.jnequip.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.jnequip.nequip.io.torch.TorchCheckpoint;
import org.jnequip.nequip.model.ModelKeys;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nequip model files that load but must not be believed, crafted from the real aspirin run and deployed model:
 * NaN weights, missing, unknown and mis-shaped tensors, buffers that disagree with the config, other model
 * builders, other nequip versions, Python YAML tags, options JNequIP does not compute, config keys it does not know
 * (while training and data keys load). Each is refused with one line naming the file and the key, tensor or line.
 */
class HostileNequipFilesTest {
    static final String F = NequipModel.P;

    @TempDir
    Path tmp;
    Path fixture;
    String config;

    @BeforeEach
    void fixture() throws Exception {
        fixture = InteropFixtures.aspirin();
        config = Files.readString(fixture.resolve("run/config.yaml"));
    }

    /** A copy of the run with config.yaml text and state dict changed, and the refusal it gets. */
    String refusedRun(String configText, Consumer<Map<String, Tensor>> edit, String... mustName) throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run" + System.nanoTime()));
        Files.writeString(run.resolve("config.yaml"), configText);
        Map<String, Tensor> sd = new LinkedHashMap<>();
        TorchCheckpoint.read(fixture.resolve("run/best_model.pth")).tensors().forEach((k, v) -> sd.put(k, v.toTensor()));
        edit.accept(sd);
        TorchCheckpoint.write(run.resolve("best_model.pth"), sd);
        return refused(run, mustName);
    }

    static String refused(Path source, String... mustName) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSources.load(source));
        String m = e.getMessage();
        assertTrue(m.contains(source.toString()) || m.contains(source.resolve("config.yaml").toString()), "'" + m + "' should name the file");
        for (String s : mustName) assertTrue(m.contains(s), "'" + m + "' should say " + s);
        assertFalse(m.contains("\n"), m);
        System.out.println("refused: " + m);
        return m;
    }

    @Test
    void nanWeightIsRefusedByName() throws Exception {
        refusedRun(config, sd -> {
            double[] w = sd.get(F + "layer0_convnet.conv.fc.layer0.weight").toDoubleArray();
            w[3] = Double.NaN;
            sd.put(F + "layer0_convnet.conv.fc.layer0.weight", Tensor.of(w, DType.F64, 8, 16));
        }, "'" + F + "layer0_convnet.conv.fc.layer0.weight' holds NaN at element 3");
    }

    @Test
    void missingUnknownAndMisShapedTensorsAreRefused() throws Exception {
        refusedRun(config, sd -> sd.remove(F + "layer1_convnet.conv.sc.weight"), "state dict lacks '" + F + "layer1_convnet.conv.sc.weight'");
        refusedRun(config, sd -> sd.put(F + "layer2_convnet.conv.linear_1.weight", Tensor.zeros(DType.F64, 4)), "unknown state-dict key '" + F + "layer2_convnet.conv.linear_1.weight'");
        refusedRun(config, sd -> sd.put(F + "layer0_convnet.conv.linear_2.weight", Tensor.zeros(DType.F64, 100)), "has shape [100], the config gives [320]");
        refusedRun(config, sd -> sd.put(F + "chemical_embedding.linear.weight", Tensor.zeros(DType.F32, 24)), "is float32, expected float64");
    }

    @Test
    void stateDictOfAnotherArchitectureIsRefused() throws Exception {
        // config says 3 layers, weights hold 2: the config's model has tensors the file lacks
        refusedRun(config.replace("num_layers: 2", "num_layers: 3"), sd -> { }, "state dict lacks", "layer2_convnet");
        refusedRun(config.replace("invariant_neurons: 16", "invariant_neurons: 32"), sd -> { }, "has shape [8, 16], the config gives [8, 32]");
    }

    @Test
    void derivedBufferThatDisagreesIsRefused() throws Exception {
        refusedRun(config, sd -> sd.put(F + "layer1_convnet.conv.tp.output_mask", Tensor.zeros(DType.F64, 408)),
                "buffer '" + F + "layer1_convnet.conv.tp.output_mask' element 0 is 0.0 but JNequIP derives 1.0");
        refusedRun(config, sd -> sd.put(F + "layer1_convnet.conv.tp._compiled_main_left_right._w3j_1_1_1", Tensor.zeros(DType.F64, 3, 3, 3)), "_w3j_1_1_1", "JNequIP derives");
    }

    @Test
    void otherModelBuildersAreRefused() throws Exception {
        refusedRun(config.replace("- ForceOutput", "- PartialForceOutput"), sd -> { }, "config.yaml:", "model builder PartialForceOutput is not supported");
        refusedRun(config.replace("- RescaleEnergyEtc", "- RescaleEnergyEtc\n- ZBLPairPotential"), sd -> { }, "model builder ZBLPairPotential is not supported");
    }

    @Test
    void otherNequipVersionsAreRefused() throws Exception {
        refusedRun(config.replace("nequip_version: 0.6.2", "nequip_version: 0.7.0"), sd -> { }, "written by nequip 0.7.0; only nequip 0.6.x");
    }

    @Test
    void pythonYamlTagsOtherThanNequipsOwnAreRefused() throws Exception {
        int line = config.split("\n").length + 1;
        refusedRun(config + "evil: !!python/object/apply:os.system\n- echo hi\n", sd -> { }, "config.yaml:" + line + ": YAML tag '!!python/object/apply:os.system' is not allowed");
        refusedRun(config + "evil: !!python/name:builtins.eval ''\n", sd -> { }, "YAML tag '!!python/name:builtins.eval' is not allowed");
        refusedRun(config + "evil: !!python/object:collections.Counter {}\n", sd -> { }, "YAML tag '!!python/object:collections.Counter' is not allowed");
    }

    @Test
    void optionsJNequIPDoesNotComputeAreRefused() throws Exception {
        refusedRun(config.replace("nonlinearity_type: gate", "nonlinearity_type: norm"), sd -> { }, "nonlinearity_type norm is not supported");
        refusedRun(config + "layer1_convnet_resnet: true\n", sd -> { }, "key 'layer1_convnet_resnet' sets an option of one module");
        refusedRun(config.replace("feature_irreps_hidden: 8x0e+8x1e+8x2e+8x0o+8x1o+8x2o", "feature_irreps_hidden: 8x0e+8x1o+8x2e"), sd -> { }, "feature_irreps_hidden '8x0e+8x1o+8x2e' is not what l_max, parity and num_features give");
        refusedRun(config + "global_rescale_shift: 1.0\n", sd -> { }, "global_rescale_shift is not supported");
        refusedRun(config.replace("  1: C\n", "  1: H\n"), sd -> { }, "two types are element H");
        refusedRun(config, sd -> sd.put("model.shift_by", Tensor.scalar(3.0, DType.F64)), "'model.shift_by' is set");
    }

    @Test
    void configKeysOutsideModelKeysAreAcceptedOnlyWhenTheyCannotChangeTheModel() throws Exception {
        // training, data and logging keys (exact names and families) load, with the same model
        Path run = Files.createDirectories(tmp.resolve("training-keys"));
        Files.writeString(run.resolve("config.yaml"), config + "wandb_project: aspirin\nvalidation_dataset_file_name: val.extxyz\n"
                + "lr_scheduler_patience: 3\nper_species_rescale_scales_trainable: false\nkey_mapping: {E: total_energy}\n");
        Files.copy(fixture.resolve("run/best_model.pth"), run.resolve("best_model.pth"));
        NequipModel plain = ModelSources.load(fixture.resolve("run")).model(), extra = ModelSources.load(run).model();
        assertEquals(ModelKeys.write(plain.config()), ModelKeys.write(extra.config()), "training keys changed the model config");
        // a key that nequip may hand to a module, and that JNequIP does not know, is refused by name and line
        int line = config.split("\n").length + 1;
        refusedRun(config + "avg_num_atoms: 21\n", sd -> { }, "config.yaml:" + line + ": key 'avg_num_atoms' is not a nequip 0.6.2 key JNequIP knows");
        refusedRun(config + "InteractionBlock_use_sc: false\n", sd -> { }, "key 'InteractionBlock_use_sc'", "may change the model");
        // model keys go through ModelKeys: bad values and an avg_num_neighbors nequip itself could not load
        refusedRun(config.replace("num_basis: 8", "num_basis: -8"), sd -> { }, "config.yaml:", "key 'num_basis'");
        refusedRun(config.replace("avg_num_neighbors: 10.50952380952381", "avg_num_neighbors: auto"), sd -> { }, "config.yaml:13: key 'avg_num_neighbors' has no value");
        refusedRun(config.replace("num_types: 3", "num_types: 4"), sd -> { }, "config.yaml:88: num_types 4 for 3 type_names");
    }

    @Test
    void deployedModelOfAnotherVersionOrWithoutMetadataIsRefused() throws Exception {
        Path d = deployedWith(Map.of("deployed/extra/nequip_version", "0.5.6"));
        refused(d, "written by nequip 0.5.6");
        refused(deployedWith(Map.of("deployed/extra/nequip_version", "")), "no extra/nequip_version");
        refused(deployedWith(Map.of("deployed/extra/r_max", "5.0")), "extra/r_max '5.0' disagrees with the config's r_max '4.0'");
    }

    @Test
    void stateDictWithoutItsConfigIsRefused() throws Exception {
        Path lonely = tmp.resolve("lonely.pth");
        Files.copy(fixture.resolve("run/best_model.pth"), lonely);
        refused(lonely, "torch.save state dict without the config.yaml");
    }

    /** The deployed model rewritten (java.util.zip, stored records) with some records' text replaced. */
    Path deployedWith(Map<String, String> replace) throws Exception {
        Path out = tmp.resolve("deployed" + System.nanoTime() + ".pth");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipFile in = new ZipFile(fixture.resolve("deployed.pth").toFile()); ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] data = replace.containsKey(e.getName()) ? replace.get(e.getName()).getBytes(StandardCharsets.UTF_8) : in.getInputStream(e).readAllBytes();
                ZipEntry o = new ZipEntry(e.getName());
                o.setMethod(ZipEntry.STORED);
                o.setSize(data.length);
                CRC32 crc = new CRC32();
                crc.update(data);
                o.setCrc(crc.getValue());
                z.putNextEntry(o);
                z.write(data);
                z.closeEntry();
            }
        }
        Files.write(out, bytes.toByteArray());
        return out;
    }
}
