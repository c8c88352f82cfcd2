package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.data.Units;
import org.jnequip.nequip.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MD17-style .npz training data (kcal/mol) with a separate extxyz validation file. */
class DataSourcesTest {
    /** Minimal little-endian float64 .npy (version 1). */
    static byte[] npy(int[] shape, double[] v) {
        StringBuilder sh = new StringBuilder();
        for (int d : shape) sh.append(d).append(",");
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + sh + "), }";
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) h.append(' ');
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + 8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0).putShort((short) h.length());
        b.put(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        for (double x : v) b.putDouble(x);
        return b.array();
    }

    static void writeMd17(Path file, List<Structure> frames, double evToUnit) throws IOException {
        int f = frames.size(), n = frames.get(0).numAtoms();
        double[] r = new double[f * n * 3], e = new double[f], fo = new double[f * n * 3], z = new double[n];
        for (int t = 0; t < f; t++) {
            Structure s = frames.get(t);
            System.arraycopy(s.positions(), 0, r, 3 * n * t, 3 * n);
            double[] ff = s.forces();
            for (int k = 0; k < 3 * n; k++) fo[3 * n * t + k] = ff[k] * evToUnit;
            e[t] = s.energy() * evToUnit;
        }
        for (int i = 0; i < n; i++) z[i] = frames.get(0).atomicNumber(i);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (var a : Map.of("R", npy(new int[]{f, n, 3}, r), "E", npy(new int[]{f}, e), "F", npy(new int[]{f, n, 3}, fo),
                    "z", npy(new int[]{n}, z)).entrySet()) {
                zip.putNextEntry(new ZipEntry(a.getKey() + ".npy"));
                zip.write(a.getValue());
                zip.closeEntry();
            }
        }
    }

    @Test
    void npzTrainingWithSeparateValidationFile(@TempDir Path tmp) throws Exception {
        List<Structure> all = ExtXyz.read(TrainTestSupport.ethanol(), ExtXyz.Options.DEFAULT.withMaxFrames(40));
        Path npz = tmp.resolve("eth.npz"), xyz = tmp.resolve("val.extxyz"), xyzTrain = tmp.resolve("train.extxyz");
        writeMd17(npz, all.subList(0, 30), 1 / Units.KCAL_PER_MOL_IN_EV);
        ExtXyz.write(xyzTrain, all.subList(0, 30));
        ExtXyz.write(xyz, all.subList(30, 40));
        Map<String, Object> raw = TrainTestSupport.smallConfig(tmp.resolve("a"), npz);
        raw.put("validation_dataset_file_name", xyz.toString());
        raw.put("n_train", 30);
        raw.put("n_val", 10);
        raw.put("max_epochs", 1);
        Trainer.Result r = new Trainer(TrainTestSupport.parse(raw, tmp), PairPotential::new, null).run(false);
        RunDirectory.Splits s = r.dir().readSplits();
        assertEquals(xyz.toAbsolutePath(), s.validationFile());
        assertEquals(30, s.train().length);
        assertEquals(0, s.test().length);
        assertEquals(10, s.validation().length);

        raw.put("root", tmp.resolve("b").toString());
        raw.put("dataset_file_name", xyzTrain.toString());
        Trainer.Result rx = new Trainer(TrainTestSupport.parse(raw, tmp), PairPotential::new, null).run(false);
        var a = ModelFile.read(r.dir().bestModel()).config();
        var b = ModelFile.read(rx.dir().bestModel()).config();
        assertEquals(b.globalScale(), a.globalScale(), 1e-12 * b.globalScale(), "force RMS in eV/Å from kcal/mol npz");
        assertArrayEquals(b.perSpeciesShifts(), a.perSpeciesShifts(), 1e-9);
        assertEquals(b.avgNumNeighbors(), a.avgNumNeighbors(), 0);
    }
}
