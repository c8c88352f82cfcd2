package org.jnequip.nequip.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.data.TypeMapper;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The one place nequip's names live: the model's walk maps to nequip 0.6.2's state-dict names and back, a state
 * dict goes into a model (with or without the training prefix) and comes out of it, and a missing or mis-shaped
 * entry is an error naming the key. The bundled model file loads through it.
 */
class NequipStateDictTest {
    static NequipConfig config(boolean besselTrainable) {
        return new NequipConfig(List.of("H", "C", "O"), 3.5, 2, 1, true, 4, 5, besselTrainable, 6.0, 1, 8,
                "silu", "tanh", "silu", "tanh", true, false, 6.0, new double[]{1.1, 0.9, 0.8}, new double[]{-0.3, -1.0, -2.0}, 1.4, DType.F64);
    }

    /** nequip 0.6.2's state-dict keys of this architecture, in its order (from a reference state dict's listing). */
    static final List<String> NEQUIP_KEYS = List.of(
            "model.model.func.radial_basis.basis.bessel_weights", "model.model.func.chemical_embedding.linear.weight",
            "model.model.func.layer0_convnet.conv.linear_1.weight", "model.model.func.layer0_convnet.conv.fc.layer0.weight",
            "model.model.func.layer0_convnet.conv.fc.layer1.weight", "model.model.func.layer0_convnet.conv.linear_2.weight",
            "model.model.func.layer0_convnet.conv.sc.weight", "model.model.func.layer1_convnet.conv.linear_1.weight",
            "model.model.func.layer1_convnet.conv.fc.layer0.weight", "model.model.func.layer1_convnet.conv.fc.layer1.weight",
            "model.model.func.layer1_convnet.conv.linear_2.weight", "model.model.func.layer1_convnet.conv.sc.weight",
            "model.model.func.conv_to_output_hidden.linear.weight", "model.model.func.output_hidden_to_scalar.linear.weight",
            "model.model.func.per_species_rescale.shifts", "model.model.func.per_species_rescale.scales", "model.scale_by");

    @Test
    void walkNamesMapToNequipNamesAndBack() {
        NequipModel m = NequipModel.create(config(true), 1);
        assertEquals(NEQUIP_KEYS, List.copyOf(NequipStateDict.of(m).keySet()));
        for (NamedWeight w : m.state()) {                      // the weights and e3nn's derived entries
            String n = NequipStateDict.nequipName(w.name());
            assertEquals(w.name(), NequipStateDict.walkName(n), n);
            assertEquals(w.name(), NequipStateDict.walkName(n.substring("model.".length())), "TorchScript form of " + n);
        }
        assertEquals("layer0.fc.layer1.weight", m.weights().get(4).name());
        assertEquals("layer0.linear_1.bias", NequipStateDict.walkName("model.model.func.layer0_convnet.conv.linear_1.bias"), "a translation, not a lookup");
        assertEquals("model.model.func.layer1_convnet.equivariant_nonlin.mul.output_mask", NequipStateDict.nequipName("layer1.equivariant_nonlin.mul.output_mask"));
        assertNull(NequipStateDict.walkName("model.scale_by"), "outside model.func: no walk name");
        assertNull(NequipStateDict.walkName("model.model.func.total_energy_sum.x"));
        assertThrows(IllegalArgumentException.class, () -> NequipStateDict.nequipName("layer0_convnet"));
    }

    @Test
    void trainableAndBuffers() {
        for (boolean trainable : new boolean[]{true, false}) {
            List<NamedWeight> w = NequipModel.create(config(trainable), 1).weights();
            assertEquals(trainable, w.get(0).trainable(), "bessel_weights follow BesselBasis_trainable");
            assertFalse(w.get(w.size() - 1).trainable() || w.get(w.size() - 2).trainable(), "per-species scales and shifts are buffers");
            assertEquals(w.size() - 2 - (trainable ? 0 : 1), w.stream().filter(NamedWeight::trainable).count());
        }
    }

    @Test
    void aStateDictGoesInAndComesOutInPlace() {
        NequipModel a = NequipModel.create(config(true), 1), b = NequipModel.create(config(true), 2);
        AtomicBatch batch = batch();
        List<NamedWeight> before = b.weights();
        Map<String, Tensor> torchScript = new LinkedHashMap<>();
        NequipStateDict.of(a).forEach((k, t) -> torchScript.put(k.substring("model.".length()), t));   // keys as in a TorchScript tree
        torchScript.put("model.func.layer0_convnet.conv.linear_1.bias", Tensor.zeros(DType.F64, 0));    // nequip's extras are ignored
        NequipStateDict.load(b, torchScript);
        List<NamedWeight> after = b.weights();
        for (int i = 0; i < before.size(); i++) assertSame(before.get(i).var(), after.get(i).var(), "written in place: " + after.get(i).name());
        assertArrayEquals(a.predict(batch, false, false).forces().value().toDoubleArray(), b.predict(batch, false, false).forces().value().toDoubleArray(), 0.0);
    }

    /**
     * nequip's complete state dict loads back: its derived entries are ignored, and a per-species rescale that is
     * off (size 0 in nequip's dict) leaves the config's ones and zeros.
     */
    @Test
    void theCompleteStateDictLoadsBack() {
        NequipConfig off = config(true).withRescale(null, null, 1.4, 6.0);
        NequipModel a = NequipModel.create(off, 1), b = NequipModel.create(off, 2);
        Map<String, Tensor> sd = NequipStateDict.complete(a, new NequipStateDict.Wrapping(true, true, DType.F64));
        assertEquals(0, sd.get("model.model.func.per_species_rescale.scales").numel(), "rescale off: size 0, as nequip has it");
        assertTrue(sd.containsKey("model.model.func.layer0_convnet.conv.tp.output_mask"));
        NequipStateDict.load(b, sd);
        AtomicBatch batch = batch();
        assertArrayEquals(a.predict(batch, false, false).forces().value().toDoubleArray(), b.predict(batch, false, false).forces().value().toDoubleArray(), 0.0);
    }

    @Test
    void missingMisShapedAndDuplicatedKeysAreNamed() {
        NequipModel m = NequipModel.create(config(true), 1);
        Map<String, Tensor> sd = new LinkedHashMap<>(NequipStateDict.of(m));
        String fc = "model.model.func.layer1_convnet.conv.fc.layer0.weight";
        Map<String, Tensor> missing = new LinkedHashMap<>(sd);
        missing.remove(fc);
        var e = assertThrows(IllegalArgumentException.class, () -> NequipStateDict.load(m, missing));
        assertTrue(e.getMessage().contains("missing weight '" + fc + "'"), e.getMessage());
        Map<String, Tensor> bad = new LinkedHashMap<>(sd);
        bad.put(fc, new Rng(1).normal(DType.F64, 3, 3));
        e = assertThrows(IllegalArgumentException.class, () -> NequipStateDict.load(m, bad));
        assertTrue(e.getMessage().contains("'" + fc + "' has shape [3, 3], expected [5, 8]"), e.getMessage());
        Map<String, Tensor> twice = new LinkedHashMap<>(sd);
        twice.put(fc.substring("model.".length()), sd.get(fc));
        e = assertThrows(IllegalArgumentException.class, () -> NequipStateDict.load(m, twice));
        assertTrue(e.getMessage().contains("are the same weight"), e.getMessage());
        Map<String, Tensor> noBuffers = new LinkedHashMap<>(sd);
        noBuffers.remove("model.model.func.per_species_rescale.scales");
        NequipStateDict.load(m, noBuffers);                    // buffers are optional: the config's values stay
    }

    @Test
    void theBundledModelFileLoads() throws Exception {
        Path file = Path.of(System.getProperty("jnequip.repoRoot", ".."), "models/ethanol-demo.safetensors");
        ModelFile.Contents c = ModelFile.read(file);
        NequipModel m = NequipModel.create(c.config(), 0);
        NequipStateDict.load(m, c.parameters());
        for (var e : NequipStateDict.of(m).entrySet())
            if (c.parameters().containsKey(e.getKey()) && !e.getKey().equals("model.scale_by"))
                assertArrayEquals(c.parameters().get(e.getKey()).toDoubleArray(), e.getValue().toDoubleArray(), 0.0, e.getKey());
        assertEquals(c.parameters().keySet(), NequipStateDict.of(m).keySet(), "the file holds exactly the model's state dict");
    }

    static AtomicBatch batch() {
        double[] pos = new Rng(3).uniform(15, -1.2, 1.2);
        Structure s = new Structure(pos, new int[]{1, 6, 8, 1, 1}, null, new boolean[3], null, null, null, null);
        return AtomicBatch.of(List.of(s), 3.5, TypeMapper.ofChemicalSymbols(List.of("H", "C", "O")));
    }
}
