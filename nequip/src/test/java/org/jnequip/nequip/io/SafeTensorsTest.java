package org.jnequip.nequip.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    private static LinkedHashMap<String, Tensor> sample() {
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("a.weight", Tensor.of(new double[]{1.5, -2.25, Math.PI, 1e-300, -0.0, Double.MAX_VALUE}, 2, 3));
        t.put("b", Tensor.of(new float[]{0.1f, -7f, Float.MIN_VALUE}, 3));
        t.put("scalar", Tensor.of(new double[]{42}, new int[0]));
        return t;
    }

    @Test
    void roundTripIsBitExact(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("x.safetensors");
        SafeTensors.write(f, Map.of("k", "v", "json", "{\"a\": [1, 2]}"), sample());
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(Map.of("k", "v", "json", "{\"a\": [1, 2]}"), c.metadata());
        assertEquals(List.of("a.weight", "b", "scalar"), List.copyOf(c.tensors().keySet()));
        for (var e : sample().entrySet()) {
            Tensor got = c.tensor(e.getKey());
            assertEquals(e.getValue().dtype(), got.dtype());
            assertArrayEquals(e.getValue().shape(), got.shape());
            double[] x = e.getValue().toDoubleArray(), y = got.toDoubleArray();
            for (int i = 0; i < x.length; i++) assertEquals(Double.doubleToRawLongBits(x[i]), Double.doubleToRawLongBits(y[i]));
        }
    }

    /** Parses the layout by hand, as another tool would: LE header length, JSON header, LE data at offsets. */
    @Test
    void layoutFollowsTheSafetensorsSpec() {
        byte[] bytes = SafeTensors.encode(Map.of("format", "test"), sample());
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        Map<String, Object> h = Json.obj(Json.parse(new String(bytes, 8, (int) n, StandardCharsets.UTF_8).strip()));
        assertEquals(Map.of("format", "test"), h.get("__metadata__"));
        Map<String, Object> a = Json.obj(h.get("a.weight"));
        assertEquals("F64", a.get("dtype"));
        assertEquals(List.of(2L, 3L), a.get("shape"));
        assertEquals(List.of(0L, 48L), a.get("data_offsets"));
        Map<String, Object> bb = Json.obj(h.get("b"));
        assertEquals("F32", bb.get("dtype"));
        assertEquals(List.of(48L, 60L), bb.get("data_offsets"));
        assertEquals(List.of(), Json.obj(h.get("scalar")).get("shape"));
        int base = 8 + (int) n;
        assertEquals(Math.PI, ByteBuffer.wrap(bytes, base + 16, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble());
        assertEquals(-7f, ByteBuffer.wrap(bytes, base + 52, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
        assertEquals(base + 68, bytes.length);
    }

    @Test
    void corruptFilesAreRejectedWithTheFileName() {
        byte[] good = SafeTensors.encode(Map.of(), sample());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.decode(Arrays.copyOf(good, good.length - 4), "cut.st"));
        assertTrue(e.getMessage().startsWith("cut.st: ") && e.getMessage().contains("truncated"), e.getMessage());
        byte[] hugeLen = good.clone();
        hugeLen[7] = 0x7f;
        e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.decode(hugeLen, "len.st"));
        assertTrue(e.getMessage().contains("header length"), e.getMessage());
        byte[] badJson = good.clone();
        badJson[8] = '[';
        e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.decode(badJson, "json.st"));
        assertTrue(e.getMessage().startsWith("json.st: header"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.decode(new byte[3], "tiny.st"));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(Path.of("/nonexistent/x.safetensors")));
    }

    @Test
    void offsetsThatDoNotMatchTheShapeAreRejected() {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.decode(b.array(), "m.st"));
        assertTrue(e.getMessage().contains("tensor 'w'") && e.getMessage().contains("needs 12"), e.getMessage());
    }

    @Test
    void modelFileCarriesConfigAndMetadata(@TempDir Path tmp) throws Exception {
        var cfg = org.jnequip.nequip.model.NequipConfig.defaults(List.of("H", "C", "O"))
                .withRescale(null, new double[]{-0.1, -1.0 / 3, 2e-17}, 1.2345678901234567, 7.5555).withDType(DType.F64);
        Path f = tmp.resolve("m.safetensors");
        ModelFile.write(f, cfg, sample(), Map.of("best_epoch", "3"));
        ModelFile.Contents c = ModelFile.read(f);
        assertEquals(ModelFile.configJson(cfg), ModelFile.configJson(c.config()));
        assertArrayEquals(cfg.perSpeciesShifts(), c.config().perSpeciesShifts());
        assertEquals(cfg.globalScale(), c.config().globalScale());
        assertEquals("H C O", c.metadata().get("type_names"));
        assertEquals("4.0", c.metadata().get("r_max"));
        assertEquals("eV", c.metadata().get("energy_units"));
        assertEquals("3", c.metadata().get("best_epoch"));
        assertEquals(3, c.parameters().size());
        Path other = tmp.resolve("o.safetensors");
        SafeTensors.write(other, Map.of("format", "something"), sample());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelFile.read(other)).getMessage().contains("not a JNequIP model file"));
        assertTrue(Files.size(f) > 0);
    }

    /** A NaN weight would make every prediction NaN; the model file is refused with the tensor's name. */
    @Test
    void modelFileWithANanWeightIsRefused(@TempDir Path tmp) throws Exception {
        var cfg = org.jnequip.nequip.model.NequipConfig.defaults(List.of("H"));
        Map<String, Tensor> p = new LinkedHashMap<>(sample());
        String name = p.keySet().iterator().next();
        double[] v = p.get(name).toDoubleArray();
        v[v.length - 1] = Double.NaN;
        p.put(name, Tensor.of(v, p.get(name).shape()));
        Path f = tmp.resolve("nan.safetensors");
        ModelFile.write(f, cfg, p, null);
        assertEquals(f + ": weight '" + name + "' holds NaN at flat index " + (v.length - 1) + " (a damaged or diverged model)",
                assertThrows(IllegalArgumentException.class, () -> ModelFile.read(f)).getMessage());
    }
}
