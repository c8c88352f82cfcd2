package org.jnequip.nequip.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.data.TypeMapper;
import org.jnequip.nequip.train.Amsgrad;
import org.jnequip.tensor.BufferArena;
import org.jnequip.tensor.BufferArena.Mode;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The model on recycled storage: energy+forces calls and training steps run in a reusing {@link BufferArena}
 * (structures of different sizes interleaved, so some runs find buffers of their lengths and some do not)
 * give bit for bit what the same calls give on fresh heap arrays, in float64 and float32. (The rest of the
 * suite runs its arenas in poison mode, which catches a caller that keeps a recycled result.)
 */
class BufferArenaModelTest {
    static final TypeMapper types = TypeMapper.ofChemicalSymbols(List.of("H", "C", "O"));

    static NequipModel model(DType dt) {
        return NequipModel.create(new NequipConfig(types.typeNames(), 3.5, 2, 2, true, 8, 6, true, 6, 1, 12,
                "silu", "tanh", "silu", "tanh", true, false, 8.0, null, null, 1.0, dt), 5);
    }

    static final List<Structure> SEQUENCE = List.of(NequipModelPropertiesTest.molecule(1, 7), NequipModelPropertiesTest.molecule(1, 7),
            NequipModelPropertiesTest.molecule(2, 9), NequipModelPropertiesTest.crystal(3), NequipModelPropertiesTest.molecule(4, 7),
            NequipModelPropertiesTest.crystal(3));

    @Test
    void energyAndForcesOnRecycledStorageAreBitIdentical() {
        for (DType dt : List.of(DType.F64, DType.F32)) {
            NequipModel m = model(dt);
            BufferArena arena = new BufferArena(Mode.REUSE);
            long reused = 0;
            for (int c = 0; c < SEQUENCE.size(); c++) {
                AtomicBatch b = AtomicBatch.of(List.of(SEQUENCE.get(c)), 3.5, types);
                double[] want = efv(m, b);
                double[] got = arena.run(() -> efv(m, b));
                assertArrayEquals(want, got, dt + " call " + c + ": energy, forces and virial");
                reused += arena.reusedBytes();
            }
            assertTrue(reused > 0, dt + ": some storage was recycled");
        }
    }

    private static double[] efv(NequipModel m, AtomicBatch b) {
        NequipModel.Prediction p = m.predict(b, false, true);
        Tensor e = p.totalEnergy().value(), f = p.forces().value(), v = p.virial().value();
        return Tensor.concat(List.of(e.reshape(e.numel()), f.reshape(f.numel()), v.reshape(v.numel())), 0).toDoubleArray();
    }

    @Test
    void trainingStepsOnRecycledStorageGiveTheSameWeights() {
        for (DType dt : List.of(DType.F64, DType.F32)) {
            NequipModel plain = model(dt), recycled = model(dt);
            Trainee a = new Trainee(plain), b = new Trainee(recycled);
            BufferArena arena = new BufferArena(Mode.REUSE);
            for (int step = 0; step < SEQUENCE.size(); step++) {
                AtomicBatch batch = AtomicBatch.of(List.of(SEQUENCE.get(step), SEQUENCE.get((step + 1) % SEQUENCE.size())), 3.5, types);
                double la = a.step(batch);
                double lb = arena.run(() -> b.step(batch));
                assertTrue(la == lb, dt + " step " + step + ": loss " + la + " vs " + lb);
            }
            for (int i = 0; i < a.params.size(); i++)
                assertArrayEquals(a.params.get(i).var().value().toDoubleArray(), b.params.get(i).var().value().toDoubleArray(),
                        dt + ": weight " + a.params.get(i).name());
        }
    }

    /** A force-training step: forward, forces with createGraph, loss, gradients, AMSGrad. */
    private static final class Trainee {
        final NequipModel model;
        final List<NamedWeight> params;
        final Amsgrad opt;

        Trainee(NequipModel model) {
            this.model = model;
            this.params = model.weights().stream().filter(NamedWeight::trainable).toList();
            this.opt = new Amsgrad(params, 0.9, 0.999, 1e-8, 0.0, true);
        }

        double step(AtomicBatch batch) {
            NequipModel.Prediction p = model.predict(batch, true, false);
            Var loss = p.forces().square().mean().add(p.totalEnergy().square().mean());
            Var[] leaves = params.stream().map(NamedWeight::var).toArray(Var[]::new);
            Var[] g = Tape.grad(new Var[]{loss}, leaves, null, false);
            List<Tensor> grads = new ArrayList<>();
            for (Var gi : g) grads.add(gi.value());
            opt.step(grads, 1e-2);
            return loss.value().item();
        }
    }
}
