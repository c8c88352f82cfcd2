package org.jnequip.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.data.TypeMapper;
import org.jnequip.nequip.io.torch.TorchCheckpoint;
import org.jnequip.nequip.io.torch.TorchTensor;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export}: the aspirin fixture imported and exported again gives nequip's own state dict back (same
 * names in the same order, shapes, dtypes, values; derived buffers to 1e-15) and a config.yaml with every key
 * nequip wrote; JNequIP models (trained, and random ones of other architectures) exported and read back have
 * identical tensors and outputs.
 */
class NequipExportTest {
    @TempDir
    Path tmp;

    @Test
    void exportedFixtureIsNequipsOwnStateDict() throws Exception {
        Path a = InteropFixtures.aspirin();
        Path out = tmp.resolve("export");
        NequipExport.write(ModelSources.load(a.resolve("run")), out);
        Map<String, TorchTensor> theirs = TorchCheckpoint.read(a.resolve("run/best_model.pth")).tensors();
        Map<String, TorchTensor> ours = TorchCheckpoint.read(out.resolve("best_model.pth")).tensors();
        assertEquals(List.copyOf(theirs.keySet()), List.copyOf(ours.keySet()));
        double worstDerived = 0;
        for (String k : theirs.keySet()) {
            TorchTensor t = theirs.get(k), o = ours.get(k);
            assertArrayEquals(t.shape(), o.shape(), k);
            assertEquals(t.type(), o.type(), k);
            double[] x = t.toDoubles(), y = o.toDoubles();
            if (k.endsWith("output_mask") || k.contains("_w3j_")) {
                for (int i = 0; i < x.length; i++) worstDerived = Math.max(worstDerived, Math.abs(x[i] - y[i]));
            } else {
                assertArrayEquals(x, y, k);                                  // weights and rescale buffers: bit for bit
            }
        }
        System.out.printf("derived buffers (output masks, Wigner 3j): largest difference from nequip's %.2e%n", worstDerived);
        assertTrue(worstDerived <= 1e-15, "derived buffers differ by " + worstDerived);
    }

    @Test
    void exportedConfigHasEveryKeyNequipWroteWithTheModelKeysUnchanged() throws Exception {
        Path a = InteropFixtures.aspirin();
        Path out = tmp.resolve("export");
        NequipExport.write(ModelSources.load(a.resolve("run")), out);
        NequipYaml theirs = NequipYaml.read(a.resolve("run/config.yaml")), ours = NequipYaml.read(out.resolve("config.yaml"));
        for (String k : theirs.values().keySet()) {
            if (k.equals("train_idcs") || k.equals("val_idcs")) continue;
            assertTrue(ours.values().containsKey(k), "exported config.yaml lacks " + k);
            assertEquals(theirs.values().get(k), ours.values().get(k), k);
        }
        assertTrue(Files.readString(out.resolve("config.yaml")).contains("- !!python/tuple"), "_jit_fusion_strategy is written as tuples");
    }

    @Test
    void exportReadBackGivesIdenticalOutputs() throws Exception {
        Path a = InteropFixtures.aspirin();
        ModelSources.Loaded first = ModelSources.load(a.resolve("run"));
        Path out = tmp.resolve("export");
        NequipExport.write(first, out);
        ModelSources.Loaded back = ModelSources.load(out);
        assertEquals(ModelSources.Kind.NEQUIP_RUN, back.origin().kind());
        sameModel(first.model(), back.model());
    }

    @Test
    void jnequipModelRoundTripsThroughANequipRunDirectory() throws Exception {
        Path model = Path.of(System.getProperty("jnequip.repoRoot", ".")).resolve("models/ethanol-demo.safetensors");
        ModelSources.Loaded first = ModelSources.load(model);
        Path out = tmp.resolve("ethanol");
        NequipExport.write(first, out);
        ModelSources.Loaded back = ModelSources.load(out);
        sameModel(first.model(), back.model());
        Map<String, TorchTensor> sd = TorchCheckpoint.read(out.resolve("best_model.pth")).tensors();
        assertEquals(TorchTensor.ScalarType.FLOAT, sd.get(NequipModel.P + "chemical_embedding.linear.weight").type());
        assertEquals(TorchTensor.ScalarType.DOUBLE, sd.get("model.scale_by").type());        // rescaling in default_dtype
        assertEquals(TorchTensor.ScalarType.DOUBLE, sd.get(NequipModel.P + "per_species_rescale.shifts").type());
        Set<String> keys = new HashSet<>(NequipYaml.read(out.resolve("config.yaml")).values().keySet());
        for (String k : NequipYaml.read(InteropFixtures.aspirin().resolve("run/config.yaml")).values().keySet())
            if (!k.equals("train_idcs") && !k.equals("val_idcs") && !k.equals("optimizer_amsgrad")) assertTrue(keys.contains(k), "exported config.yaml lacks " + k);
    }

    /**
     * Architectures the fixture does not cover — l_max 0 and 3, parity off, resnet, no self-connection, one and
     * five species, types not in atomic-number order, polynomial p 4.5, float32 and float64, per-species scales —
     * as randomly initialised models: export, read back, same tensors, energies, forces and (periodic) virials.
     */
    @Test
    void otherArchitecturesRoundTripThroughANequipRunDirectory() throws Exception {
        List<NequipConfig> configs = List.of(
                new NequipConfig(List.of("H", "O"), 3.0, 2, 0, true, 6, 4, true, 6.0, 1, 8, "silu", "tanh", "silu", "tanh", true, true, 3.0, null, new double[]{-1, -2}, 1.5, DType.F64),
                new NequipConfig(List.of("O", "H"), 2.8, 2, 1, false, 4, 6, false, 4.5, 2, 8, "ssp", "tanh", "silu", "abs", false, false, Double.NaN, new double[]{0.9, 1.1}, new double[]{-0.5, 0.25}, 0.7, DType.F32),
                new NequipConfig(List.of("H", "C", "N", "O", "S"), 3.2, 1, 3, true, 4, 8, true, 6.0, 1, 4, "silu", "tanh", "silu", "tanh", true, false, 5.5, null, null, 2.0, DType.F64),
                new NequipConfig(List.of("Si"), 3.0, 3, 2, true, 4, 8, true, 6.0, 1, 8, "silu", "tanh", "silu", "tanh", true, true, 4.0, null, new double[]{-3}, 1.0, DType.F64));
        int k = 0;
        for (NequipConfig c : configs) {
            NequipModel m = NequipModel.create(c, 17 + k);
            ModelSources.Origin o = new ModelSources.Origin(ModelSources.Kind.JNEQUIP, tmp.resolve("random.safetensors"), Map.of(), c.dtype().pythonName(),
                    null, c.chemicalSymbols(), c.rMax(), ModelSources.parameterCount(m), null);
            Path out = tmp.resolve("arch" + k++);
            NequipExport.write(new ModelSources.Loaded(m, o), out);
            ModelSources.Loaded back = ModelSources.load(out);
            sameModel(m, back.model(), periodic(c.chemicalSymbols()));
        }
    }

    /** Two atoms of each species at fixed pseudo-random places in a 3.4 Å periodic cube. */
    static Structure periodic(List<String> species) {
        int n = 2 * species.size();
        int[] z = new int[n];
        double[] pos = new double[3 * n];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < n; i++) {
            z[i] = org.jnequip.nequip.data.Elements.atomicNumber(species.get(i % species.size()));
            for (int d = 0; d < 3; d++) pos[3 * i + d] = 3.4 * r.nextDouble();
        }
        return Structure.periodic(z, pos, new double[]{3.4, 0, 0, 0.2, 3.4, 0, 0, 0.1, 3.4});
    }

    /**
     * Same parameters bit for bit, same rescaling, and the same energies and forces on an aspirin frame: to 1e-12
     * relative in float64, 1e-6 in float32 (JNequIP's float32 CPU path can differ in the last bit between the
     * first call of a JVM and later ones, so two float32 models are compared to rounding, not bit for bit).
     */
    static void sameModel(NequipModel x, NequipModel y) throws Exception {
        sameModel(x, y, ExpectedOutputs.structure(ExpectedOutputs.read(InteropFixtures.aspirin().resolve("expected.json")).frames().get(0)));
    }

    static void sameModel(NequipModel x, NequipModel y, Structure s) {
        Map<String, Tensor> a = x.stateDict(), b = y.stateDict();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toDoubleArray(), b.get(k).toDoubleArray(), k);
        assertEquals(x.config().globalScale(), y.config().globalScale());
        assertEquals(x.config().chemicalSymbols(), y.config().chemicalSymbols());
        TypeMapper t = TypeMapper.ofTypeNames(x.config().chemicalSymbols());
        AtomicBatch batch = AtomicBatch.of(List.of(s), x.config().rMax(), t);
        boolean virial = s.isPeriodic();
        NequipModel.Prediction p = x.predict(batch, false, virial), q = y.predict(batch, false, virial);
        double tol = x.config().dtype() == org.jnequip.tensor.DType.F64 ? 1e-12 : 1e-6;
        ExpectedOutputs.rel("atomic energies", p.atomicEnergy().value().toDoubleArray(), q.atomicEnergy().value().toDoubleArray(), tol);
        ExpectedOutputs.rel("forces", p.forces().value().toDoubleArray(), q.forces().value().toDoubleArray(), tol);
        if (virial) ExpectedOutputs.rel("virial", p.virial().value().toDoubleArray(), q.virial().value().toDoubleArray(), tol);
    }
}
