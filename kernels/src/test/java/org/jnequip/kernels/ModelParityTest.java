package org.jnequip.kernels;

import static org.jnequip.kernels.Devices.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.data.TypeMapper;
import org.jnequip.nequip.io.NequipStateDict;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole NequIP model on a device vs the CPU backend: energy, forces and virial of a molecule and a
 * periodic crystal (one batch), and one force-training gradient (∂/∂θ of a loss on E and F: double backward
 * through every op's backward rule). Same weights on both sides (the CPU model's state dict, copied).
 * Limits: float32 1e-4 on energies, forces, virials and parameter gradients (relErr, max-norm); float64 1e-10.
 */
class ModelParityTest {
    static final TypeMapper TYPES = TypeMapper.ofChemicalSymbols(List.of("H", "C", "O"));
    static final double R_MAX = 3.5;

    static NequipModel model(DType dt) {
        NequipConfig cfg = new NequipConfig(TYPES.typeNames(), R_MAX, 2, 2, true, 8, 6, true, 6, 1, 12,
                "silu", "tanh", "silu", "tanh", true, false, 8.0, new double[]{1.1, 0.9, 0.7}, new double[]{-0.5, -1.0, -2.0}, 1.3, dt);
        return NequipModel.create(cfg, 7);
    }

    /** A model on the device with the CPU model's weights (another seed, then its state dict written in). */
    static NequipModel onDevice(NequipModel cpu, Backend dev) {
        NequipModel m = NequipModel.create(cpu.config(), 99, dev);
        NequipStateDict.load(m, NequipStateDict.of(cpu));
        assertEquals(dev, m.backend(), "weights on the device");
        for (NamedWeight w : m.weights()) assertEquals(dev, w.var().value().backend(), w.name());
        return m;
    }

    static AtomicBatch batch() {
        Rng rng = new Rng(5);
        int n = 7;
        double[] pos = rng.uniform(3 * n, -1.6, 1.6);
        int[] z = new int[n];
        for (int i = 0; i < n; i++) z[i] = new int[]{1, 6, 8}[i % 3];
        Structure mol = new Structure(pos, z, null, new boolean[3], null, null, null, null);
        double[] cell = {3.1, 0.0, 0.0, 0.4, 2.9, 0.0, -0.3, 0.5, 3.3};
        double[] frac = rng.uniform(15, 0, 1), cpos = new double[15];
        for (int i = 0; i < 5; i++)
            for (int k = 0; k < 3; k++) cpos[3 * i + k] = frac[3 * i] * cell[k] + frac[3 * i + 1] * cell[3 + k] + frac[3 * i + 2] * cell[6 + k];
        Structure xtal = new Structure(cpos, new int[]{1, 6, 8, 1, 6}, cell, new boolean[]{true, true, true}, null, null, null, null);
        return AtomicBatch.of(List.of(mol, xtal), R_MAX, TYPES);
    }

    static double tolerance(DType dt) { return dt == DType.F32 ? 1e-4 : 1e-10; }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void energyForcesVirial(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        NequipModel cpu = model(dt), gpu = onDevice(cpu, dev);
        AtomicBatch b = batch();
        NequipModel.Prediction want = cpu.predict(b, false, true), got = gpu.predict(b, false, true);
        double tol = tolerance(dt);
        assertClose("model energy", got.totalEnergy().value(), want.totalEnergy().value(), tol);
        assertClose("model atomic energies", got.atomicEnergy().value(), want.atomicEnergy().value(), tol);
        assertClose("model forces", got.forces().value(), want.forces().value(), tol);
        assertClose("model virial", got.virial().value(), want.virial().value(), tol);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void forceTrainingGradient(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        NequipModel cpu = model(dt), gpu = onDevice(cpu, dev);
        AtomicBatch b = batch();
        Map<String, Tensor> gc = lossGradient(cpu, b), gg = lossGradient(gpu, b);
        for (String name : gc.keySet()) assertClose("d loss / d " + name, gg.get(name), gc.get(name), tolerance(dt));
    }

    /** ∂/∂θ of Σ E² + Σ F² (forces kept on the tape: the double backward of force training). */
    static Map<String, Tensor> lossGradient(NequipModel m, AtomicBatch b) {
        NequipModel.Prediction p = m.predict(b, true, false);
        Var loss = p.totalEnergy().square().sum().add(p.forces().square().sum());
        List<NamedWeight> params = m.weights().stream().filter(NamedWeight::trainable).toList();
        Var[] g = Tape.grad(new Var[]{loss}, NamedWeight.trainableVars(params).toArray(Var[]::new), null, false);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) out.put(params.get(i).name(), g[i].value());
        return out;
    }
}
