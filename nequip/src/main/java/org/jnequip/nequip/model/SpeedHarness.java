package org.jnequip.nequip.model;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.data.TypeMapper;
import org.jnequip.nequip.train.Amsgrad;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * The speed harness behind {@code ./jnequip bench}: a randomly initialised model of the given size on a
 * standard structure; median wall time of energy+forces and (optionally) of one force-training step
 * (forward, forces with createGraph, loss, backward, AMSGrad update) with B copies of the structure in one batch.
 *
 * <p>FLOP rate: {@link NequipModel#forwardFlops} counts the forward pass (multiply-add = 2 flops; linear
 * layers, radial MLP, the sparse CG contraction and self-connection); energy+forces is counted as 3× the
 * forward (the backward of a product costs about twice its forward). It is a model of the work, not a
 * hardware counter.
 */
public final class SpeedHarness {
    private SpeedHarness() {}

    public record Options(Path structure, double rMax, int layers, int features, int lMax, boolean parity, DType dtype,
                          int calls, int warmup, int trainBatch, long seed) {}

    public record Result(double efMedianS, double trainMedianS, int edges, int atoms, double gflops) {
        public String json() {
            StringBuilder s = new StringBuilder("{");
            s.append(String.format(Locale.ROOT, "\"ef_median_s\": %.6g", efMedianS));
            if (!Double.isNaN(trainMedianS)) s.append(String.format(Locale.ROOT, ", \"train_median_s\": %.6g", trainMedianS));
            s.append(String.format(Locale.ROOT, ", \"edges\": %d, \"atoms\": %d, \"gflops\": %.4g}", edges, atoms, gflops));
            return s.toString();
        }
    }

    public static Result run(Options o, PrintStream log) {
        List<Structure> frames = ExtXyz.read(o.structure());
        if (frames.isEmpty()) throw new IllegalArgumentException(o.structure() + ": no frames");
        Structure s = frames.get(0);
        TreeSet<String> species = new TreeSet<>();
        for (String sym : s.symbols()) species.add(sym);
        TypeMapper types = TypeMapper.ofChemicalSymbols(species);
        NequipConfig d = NequipConfig.defaults(types.typeNames());
        NequipConfig cfg = new NequipConfig(types.typeNames(), o.rMax(), o.layers(), o.lMax(), o.parity(), o.features(),
                d.numBasis(), true, d.polynomialCutoffP(), d.invariantLayers(), d.invariantNeurons(), "silu", "tanh", "silu", "tanh",
                true, false, Double.NaN, null, null, 1.0, o.dtype());
        NequipModel model = NequipModel.create(cfg, o.seed());
        AtomicBatch one = AtomicBatch.of(List.of(s), o.rMax(), types);
        ModelInput in = NequipModel.input(one);
        double avg = (double) in.numEdges() / in.numAtoms();
        model = NequipModel.create(cfg.withRescale(null, null, 1.0, avg), o.seed());
        log.printf(Locale.ROOT, "%s: %d atoms, %d edges (r_max %.2f), %s%n", o.structure().getFileName(), in.numAtoms(), in.numEdges(), o.rMax(), model.describe());
        double flops = 3.0 * model.forwardFlops(in.numAtoms(), in.numEdges());
        final NequipModel m = model;
        double ef = median(o.warmup(), o.calls(), () -> m.predict(in, false, false));
        log.printf(Locale.ROOT, "energy+forces: median %.2f ms over %d calls (%d warm-up), %.2f GFLOP/s%n", ef * 1e3, o.calls(), o.warmup(), flops / ef / 1e9);
        double train = Double.NaN;
        if (o.trainBatch() > 0) {
            List<Structure> copies = new ArrayList<>();
            for (int b = 0; b < o.trainBatch(); b++) copies.add(s);
            ModelInput batch = NequipModel.input(AtomicBatch.of(copies, o.rMax(), types));
            Optimiser adam = new Optimiser(m, 1e-6);
            train = median(Math.max(1, o.warmup() / 2), Math.max(3, o.calls() / 2), () -> {
                NequipModel.Prediction p = m.predict(batch, true, false);
                Var loss = p.forces().square().mean().add(p.totalEnergy().square().mean());
                Tape.backward(loss);
                adam.step();
            });
            log.printf(Locale.ROOT, "training step (batch %d, forces in the loss): median %.2f ms%n", o.trainBatch(), train * 1e3);
        }
        return new Result(ef, train, in.numEdges(), in.numAtoms(), flops / ef / 1e9);
    }

    static double median(int warmup, int calls, Runnable r) {
        for (int i = 0; i < warmup; i++) r.run();
        double[] t = new double[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) * 1e-9;
        }
        Arrays.sort(t);
        return calls % 2 == 1 ? t[calls / 2] : 0.5 * (t[calls / 2 - 1] + t[calls / 2]);
    }

    /** One AMSGrad update (the trainer's optimiser, nequip's default) of every parameter with a gradient. */
    static final class Optimiser {
        final NequipModel model;
        final Amsgrad opt = new Amsgrad(0.9, 0.999, 1e-8, 0.0, true);
        final double lr;

        Optimiser(NequipModel model, double lr) { this.model = model; this.lr = lr; }

        void step() {
            java.util.LinkedHashMap<String, Tensor> params = new java.util.LinkedHashMap<>(), grads = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, Var> e : model.parameters().entrySet()) {
                if (e.getValue().grad() == null) continue;
                params.put(e.getKey(), e.getValue().value());
                grads.put(e.getKey(), e.getValue().grad());
            }
            java.util.LinkedHashMap<String, Tensor> next = new java.util.LinkedHashMap<>(model.stateDict());
            next.putAll(opt.step(params, grads, lr));
            model.loadParameters(next);
        }
    }
}
