package org.jnequip.nequip.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Reading nequip 0.6.2's real files, and writing state dicts as torch.save does: the written pickle is
 * byte for byte the one torch wrote for the same tensors (up to the {@code _metadata} attribute torch adds
 * at the end), and a written file reads back to identical tensors.
 */
class TorchCheckpointTest {

    @Test
    void readsTheRunDirectoryStateDict() throws Exception {
        TorchCheckpoint.Contents c = TorchCheckpoint.read(TorchFixtures.bestModel());
        assertEquals("3", c.version());
        assertEquals(52, c.tensors().size());
        TorchTensor fc = c.tensors().get("model.model.func.layer0_convnet.conv.fc.layer0.weight");
        assertArrayEquals(new int[]{8, 16}, fc.shape());
        assertArrayEquals(new long[]{16, 1}, fc.stride());
        assertEquals(TorchTensor.ScalarType.DOUBLE, fc.type());
        assertEquals(0, c.tensors().get("model.scale_by").shape().length);
        assertArrayEquals(new int[]{0}, c.tensors().get("model.shift_by").shape());
        assertArrayEquals(new int[]{5, 3, 3}, c.tensors().get("model.model.func.layer1_convnet.conv.tp._compiled_main_left_right._w3j_2_1_1").shape());
        for (var e : c.tensors().entrySet())
            for (double v : e.getValue().toDoubles()) assertTrue(Double.isFinite(v), e.getKey());
    }

    @Test
    void deployedModuleTreeHasTheSameTensorsUnderTheSameNames() throws Exception {
        TorchCheckpoint.Contents run = TorchCheckpoint.read(TorchFixtures.bestModel());
        TorchScriptArchive dep = TorchScriptArchive.read(TorchFixtures.deployed());
        assertEquals("__torch__.nequip.nn._graph_model.GraphModel", dep.rootClass());
        assertEquals(List.copyOf(run.tensors().keySet()), List.copyOf(dep.tensors().keySet()));
        for (String k : run.tensors().keySet()) {
            assertArrayEquals(run.tensors().get(k).shape(), dep.tensors().get(k).shape(), k);
            assertArrayEquals(run.tensors().get(k).toDoubles(), dep.tensors().get(k).toDoubles(), k);
        }
        assertEquals("0.6.2", dep.extra().get("nequip_version"));
        assertEquals("H C O", dep.extra().get("type_names"));
        assertEquals("float64", dep.extra().get("model_dtype"));
        assertTrue(dep.extra().get("config").contains("model_builders:"));
    }

    @Test
    void writtenPickleIsTorchSavesOwnUpToTheMetadataAttribute() throws Exception {
        TorchZip fixture = TorchZip.read(TorchFixtures.bestModel());
        byte[] theirs = fixture.read("data.pkl");
        TorchZip written = TorchZip.of(TorchCheckpoint.encode(tensors(TorchCheckpoint.read(fixture).tensors())), "written");
        byte[] ours = written.read("data.pkl");
        // torch ends with "}" _metadata ... BUILD STOP; without that attribute the pickle stops after the last SETITEMS
        assertEquals('.', ours[ours.length - 1]);
        assertArrayEquals(Arrays.copyOf(theirs, ours.length - 1), Arrays.copyOf(ours, ours.length - 1));
        assertEquals('u', ours[ours.length - 2]);
        assertEquals(fixture.names(), written.names());
        for (String n : fixture.names()) assertArrayEquals(fixture.read(n), n.equals("data.pkl") ? theirs : written.read(n), n);
    }

    @Test
    void writeReadRoundTripKeepsNamesShapesDtypesAndBits() throws Exception {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("a.weight", Tensor.of(new double[]{1.5, -2.25, Math.PI, 1e-300, 7, 8}, DType.F64, 2, 3));
        in.put("b.scalar", Tensor.scalar(0.1, DType.F64));
        in.put("c.empty", Tensor.zeros(DType.F32, 0));
        in.put("d.float", Tensor.of(new float[]{0.1f, 1e30f, -3f, 4f}, 2, 1, 2));
        java.nio.file.Path f = Files.createTempDirectory("ckpt").resolve("m.pth");
        TorchCheckpoint.write(f, in);
        LinkedHashMap<String, TorchTensor> back = TorchCheckpoint.read(f).tensors();
        assertEquals(List.copyOf(in.keySet()), List.copyOf(back.keySet()));
        for (var e : in.entrySet()) {
            Tensor t = back.get(e.getKey()).toTensor();
            assertEquals(e.getValue().dtype(), t.dtype(), e.getKey());
            assertArrayEquals(e.getValue().shape(), t.shape(), e.getKey());
            assertArrayEquals(e.getValue().toDoubleArray(), t.toDoubleArray(), e.getKey());
        }
    }

    @Test
    void viewsSharingAStorageReadTheirOwnElements() {
        // nequip's config.yaml keeps train_idcs and val_idcs as views of one shared storage; a state dict may too
        TorchTensor.Storage s = new TorchTensor.Storage(TorchTensor.ScalarType.DOUBLE, "0", bytes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11));
        TorchTensor t = new TorchTensor(s, 1, new int[]{2, 3}, new long[]{1, 2});      // transposed view from element 1
        TorchTensor u = new TorchTensor(s, 9, new int[]{3}, new long[]{1});
        assertArrayEquals(new double[]{1, 3, 5, 2, 4, 6}, t.toDoubles());
        assertArrayEquals(new double[]{9, 10, 11}, u.toDoubles());
        assertSame(t.storage(), u.storage());
    }

    static Map<String, Tensor> tensors(Map<String, TorchTensor> t) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        t.forEach((k, v) -> out.put(k, v.toTensor()));
        return out;
    }

    static byte[] bytes(double... v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (double x : v) b.putDouble(x);
        return b.array();
    }
}
