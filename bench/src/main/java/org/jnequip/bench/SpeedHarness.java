package org.jnequip.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.OpProfile;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.data.TypeMapper;
import org.jnequip.nequip.model.ModelInput;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.nequip.train.Amsgrad;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.BufferArena;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.Captured;
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

    /**
     * {@code backend}: where the model runs (null: the CPU). {@code graph}: time energy+forces as a replay of
     * a captured step ({@link Backend#capture}: one graph launch on a device) instead of running the model.
     */
    public record Options(Path structure, double rMax, int layers, int features, int lMax, boolean parity, DType dtype,
                          int calls, int warmup, int trainBatch, long seed, Backend backend, boolean graph, double warmupSeconds) {
        public Options(Path structure, double rMax, int layers, int features, int lMax, boolean parity, DType dtype,
                       int calls, int warmup, int trainBatch, long seed, Backend backend, boolean graph) {
            this(structure, rMax, layers, features, lMax, parity, dtype, calls, warmup, trainBatch, seed, backend, graph, 0);
        }

        public Options(Path structure, double rMax, int layers, int features, int lMax, boolean parity, DType dtype,
                       int calls, int warmup, int trainBatch, long seed) {
            this(structure, rMax, layers, features, lMax, parity, dtype, calls, warmup, trainBatch, seed, null, false, 0);
        }
    }

    /**
     * Timings, plus for device backends the work of one call ({@link Backend#counters}: kernel launches and
     * host↔device copies) of energy+forces and of a training step; empty maps on the CPU.
     */
    public record Result(double efMedianS, double trainMedianS, int edges, int atoms, double gflops, String device,
                         Map<String, Long> efCounts, Map<String, Long> trainCounts, boolean graph, Memory efMemory, Memory trainMemory) {
        public Result(double efMedianS, double trainMedianS, int edges, int atoms, double gflops, String device,
                      Map<String, Long> efCounts, Map<String, Long> trainCounts, boolean graph) {
            this(efMedianS, trainMedianS, edges, atoms, gflops, device, efCounts, trainCounts, graph, null, null);
        }

        public String json() {
            StringBuilder s = new StringBuilder("{");
            s.append(String.format(Locale.ROOT, "\"ef_median_s\": %.6g", efMedianS));
            if (!Double.isNaN(trainMedianS)) s.append(String.format(Locale.ROOT, ", \"train_median_s\": %.6g", trainMedianS));
            s.append(String.format(Locale.ROOT, ", \"edges\": %d, \"atoms\": %d, \"gflops\": %.4g", edges, atoms, gflops));
            if (!device.equals("cpu")) s.append(", \"device\": \"").append(device).append('"');
            if (graph) s.append(", \"graph\": true");
            if (efCounts.containsKey("launches")) s.append(", \"ef_launches\": ").append(efCounts.get("launches"))
                    .append(", \"ef_uploads\": ").append(efCounts.get("uploads")).append(", \"ef_downloads\": ").append(efCounts.get("downloads"));
            if (trainCounts.containsKey("launches")) s.append(", \"train_launches\": ").append(trainCounts.get("launches"))
                    .append(", \"train_uploads\": ").append(trainCounts.get("uploads")).append(", \"train_downloads\": ").append(trainCounts.get("downloads"));
            if (efMemory != null) s.append(efMemory.json("ef"));
            if (trainMemory != null) s.append(trainMemory.json("train"));
            return s.append('}').toString();
        }
    }

    /**
     * Heap of the timed calls ({@link HeapPeak}), MB: peak heap in use above the baseline taken after a full GC
     * (garbage included), the most in use right after a GC during the calls (NaN: none ran), the activations
     * one call leaves on the tape ({@link OpProfile#tapeBytes}), the bytes it allocates on every thread outside
     * its {@link BufferArena}, and the op-result storage that arena keeps for the next call (all from one extra
     * profiled call; that storage is part of the baseline).
     */
    public record Memory(double baselineMb, double peakMb, double liveMb, double activationsMb, double allocatedMb, double arenaMb) {
        String json(String prefix) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, ", \"%s_peak_heap_mb\": %.1f, \"%s_activations_mb\": %.2f, \"%s_allocated_mb\": %.1f, \"%s_arena_mb\": %.1f",
                    prefix, peakMb, prefix, activationsMb, prefix, allocatedMb, prefix, arenaMb));
            if (!Double.isNaN(liveMb)) s.append(String.format(Locale.ROOT, ", \"%s_live_after_gc_mb\": %.1f", prefix, liveMb));
            return s.toString();
        }

        String describe() {
            return String.format(Locale.ROOT, "heap %.0f MB after a full GC, of which the step arena holds %.1f MB (the previous call's op results, kept for the next);"
                            + " peak +%.1f MB during the calls (%.1f× the %.2f MB of activations on the tape)%s;"
                            + " a call allocates %.1f MB outside the arena (%.1f×), the most it can need above the baseline",
                    baselineMb, arenaMb, peakMb, peakMb / activationsMb, activationsMb,
                    Double.isNaN(liveMb) ? "; no GC ran during the calls" : String.format(Locale.ROOT, "; right after a GC at most +%.1f MB in use (%.1f×)", liveMb, liveMb / activationsMb),
                    allocatedMb, allocatedMb / activationsMb);
        }
    }

    /**
     * A random model of the options' size on the options' structure, with the inputs of the timed calls: what
     * {@link #run} times, also used by the JMH suite ({@code bench/.../ModelBench}).
     */
    public static final class Setup {
        public final NequipModel model;
        public final ModelInput one, batch;          // batch: trainBatch copies of the structure (null without)
        public final Backend backend;
        /** Model FLOPs of one energy+forces call (3 × the forward). */
        public final double efFlops;
        private final Optimiser opt;
        /** As in the trainer and MD: each call reuses the previous call's op-result buffers (-Djnequip.arena=off: not). */
        private final BufferArena efArena = new BufferArena(), trainArena = new BufferArena();

        Setup(NequipModel model, ModelInput one, ModelInput batch, Backend backend) {
            this.model = model;
            this.one = one;
            this.batch = batch;
            this.backend = backend;
            this.efFlops = 3.0 * model.forwardFlops(one.numAtoms(), one.numEdges());
            this.opt = batch == null ? null : new Optimiser(model, 1e-6);
        }

        /** Energy and forces of the structure, the forces copied to the host (that waits for a device's queue). */
        public double[] energyForces() { return efArena.run(() -> model.predict(one, false, false).forces().value().toDoubleArray()); }

        /** One force-training step on the batch: forward, forces with createGraph, loss, backward, AMSGrad update. */
        public void trainStep() {
            if (opt == null) throw new IllegalStateException("trainStep: the setup has no training batch (trainBatch = 0)");
            trainArena.run(this::trainStepBody);
        }

        private void trainStepBody() {
            NequipModel.Prediction p = model.predict(batch, true, false);
            String outer = OpProfile.scope("loss");                             // profile labels (no-op unless profiling)
            Var loss = p.forces().square().mean().add(p.totalEnergy().square().mean());
            Tape.backward(loss);
            OpProfile.scope("optimiser");
            int timer = OpProfile.start();
            opt.step();
            backend.synchronize();
            OpProfile.stop(timer, "amsgrad.step", Double.NaN, (Tensor) null, null);
            if (outer != null) OpProfile.scope(outer);
        }
    }

    public static Setup setup(Options o, PrintStream log) {
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
        Backend be = o.backend() == null ? Backends.cpu() : o.backend();
        ModelInput in = NequipModel.input(AtomicBatch.of(List.of(s), o.rMax(), types));
        double avg = (double) in.numEdges() / in.numAtoms();                // avg_num_neighbors of the structure itself
        NequipModel model = NequipModel.create(cfg.withRescale(null, null, 1.0, avg), o.seed(), be);
        log.printf(Locale.ROOT, "%s: %d atoms, %d edges (r_max %.2f), %s%n", o.structure().getFileName(), in.numAtoms(), in.numEdges(), o.rMax(), model.describe());
        if (be != Backends.cpu()) log.println("device: " + be.name());
        ModelInput batch = null;
        if (o.trainBatch() > 0) {
            List<Structure> copies = new ArrayList<>();
            for (int b = 0; b < o.trainBatch(); b++) copies.add(s);
            batch = NequipModel.input(AtomicBatch.of(copies, o.rMax(), types));
        }
        return new Setup(model, in, batch, be);
    }

    public static Result run(Options o, PrintStream log) { return run(o, log, 0); }

    /**
     * Times as {@link #run(Options, PrintStream)}, then, with {@code profileCalls} &gt; 0, prints the op-level
     * profile ({@link ProfileReport}) of that many energy+forces calls and training steps (after the timed ones).
     */
    public static Result run(Options o, PrintStream log, int profileCalls) { return run(o, log, profileCalls, false); }

    /** As {@link #run(Options, PrintStream, int)}; with {@code byShape} the profile's op kinds are split by operand shapes (40 rows). */
    public static Result run(Options o, PrintStream log, int profileCalls, boolean byShape) {
        Setup su = setup(o, log);
        Backend be = su.backend;
        Runnable efCall = su::energyForces;
        if (o.graph()) {
            Captured<Tensor> g = be.capture(() -> su.model.predict(su.one, false, false).forces().value());
            efCall = () -> g.replay().toDoubleArray();
            log.printf(Locale.ROOT, "energy+forces captured: %d kernel launches replayed as one graph%n", g.launches());
        }
        Warm efWarm = warm(efCall, o.warmup(), o.warmupSeconds());
        HeapPeak heap = HeapPeak.start();
        double ef = median(0, o.calls(), efCall);
        HeapPeak.Result efHeap = heap.stop();
        Map<String, Long> kBefore = be.kernelCounts();
        Map<String, Long> efCounts = perCall(be, efCall);
        if (!kBefore.isEmpty()) log.println("  kernels per call (most launched first): " + topKernels(kBefore, be.kernelCounts(), 12));
        log.printf(Locale.ROOT, "energy+forces: median %.2f ms over %d calls (%s), %.2f GFLOP/s%n", ef * 1e3, o.calls(), efWarm, su.efFlops / ef / 1e9);
        if (!efCounts.isEmpty()) log.println("  device work per call: " + efCounts);
        Memory efMem = memory(efHeap, su::energyForces, su.efArena);
        log.println("  " + efMem.describe());
        double train = Double.NaN;
        Map<String, Long> trainCounts = Map.of();
        Memory trainMem = null;
        Runnable step = su::trainStep;
        if (o.trainBatch() > 0) {
            Warm trainWarm = warm(step, Math.max(1, o.warmup() / 2), o.warmupSeconds());
            HeapPeak th = HeapPeak.start();
            int trainCalls = Math.max(3, o.calls() / 2);
            train = median(0, trainCalls, step);
            HeapPeak.Result trainHeap = th.stop();
            trainCounts = perCall(be, step);
            log.printf(Locale.ROOT, "training step (batch %d, forces in the loss): median %.2f ms over %d steps (%s)%n", o.trainBatch(), train * 1e3, trainCalls, trainWarm);
            if (!trainCounts.isEmpty()) log.println("  device work per step: " + trainCounts);
            trainMem = memory(trainHeap, step, su.trainArena);
            log.println("  " + trainMem.describe());
        }
        if (profileCalls > 0) {
            int rows = byShape ? 40 : 25;
            ProfileReport.print(log, "energy+forces", profile(efCall, profileCalls, byShape), profileCalls, rows, su.efFlops);
            if (o.trainBatch() > 0)
                ProfileReport.print(log, "training step (batch " + o.trainBatch() + ")", profile(step, profileCalls, byShape), profileCalls, rows, Double.NaN);
        }
        return new Result(ef, train, su.one.numEdges(), su.one.numAtoms(), su.efFlops / ef / 1e9, be.name(), efCounts, trainCounts, o.graph(), efMem, trainMem);
    }

    /** The heap figures of timed calls, with the activations of one more (profiled) call of r. */
    static Memory memory(HeapPeak.Result h, Runnable r, BufferArena arena) {
        OpProfile p = OpProfile.begin();
        try { r.run(); } finally { p.end(); }
        long alloc = p.otherThreadsAllocated() + p.ownAllocated();
        return new Memory(h.baselineMb(), h.peakMb(), h.liveMb(), p.tapeBytes() / 1e6, alloc / 1e6, arena.heldBytes() / 1e6);
    }

    /**
     * An {@link OpProfile} of n calls of r on this thread, after a full GC (the heap as the timed calls found it)
     * and one profiled call that warms the profiler up (discarded).
     */
    public static OpProfile profile(Runnable r, int n) { return profile(r, n, false); }

    /** As {@link #profile(Runnable, int)}, op kinds split by operand shapes with {@code byShape} ({@link OpProfile#begin(boolean)}). */
    public static OpProfile profile(Runnable r, int n, boolean byShape) {
        System.gc();
        OpProfile warm = OpProfile.begin(byShape);
        try { r.run(); } finally { warm.end(); }
        OpProfile p = OpProfile.begin(byShape);
        try {
            for (int i = 0; i < n; i++) r.run();
        } finally {
            p.end();
        }
        return p;
    }

    /** The backend's counters over one more call of r (empty where the backend counts nothing). */
    static Map<String, Long> perCall(Backend be, Runnable r) {
        Map<String, Long> before = be.counters();
        if (before.isEmpty()) return Map.of();
        r.run();
        Map<String, Long> after = be.counters(), d = new java.util.LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
        return d;
    }

    /** The n kernels launched most often between two {@link Backend#kernelCounts} snapshots, as "name×count, …". */
    static String topKernels(Map<String, Long> before, Map<String, Long> after, int n) {
        return after.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(n)
                .map(e -> e.getKey() + "×" + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
    }

    /** How a warm-up went: calls made and seconds spent. */
    record Warm(int calls, double seconds) {
        @Override public String toString() { return String.format(Locale.ROOT, "%d warm-up in %.1f s", calls, seconds); }
    }

    /**
     * Runs r at least {@code minCalls} times and until {@code minSeconds} have passed. The JIT compiles the SIMD
     * kernels with C2 only after thousands of calls, and before that a Vector API loop runs many times slower
     * (a 21×64×64 GEMM: 48 µs per call for its first 4,000 calls, 3.7 µs after), so a fixed small number of
     * warm-up calls times the compiler, not the model.
     */
    static Warm warm(Runnable r, int minCalls, double minSeconds) {
        long t0 = System.nanoTime(), until = t0 + (long) (minSeconds * 1e9);
        int n = 0;
        while (n < minCalls || System.nanoTime() < until) { r.run(); n++; }
        return new Warm(n, (System.nanoTime() - t0) * 1e-9);
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

    /** One AMSGrad update (the trainer's optimiser, nequip's default) of every parameter, in place, from the gradients {@link Tape#backward} left. */
    static final class Optimiser {
        final List<NamedWeight> params;
        final Amsgrad opt;
        final double lr;

        Optimiser(NequipModel model, double lr) {
            this.params = model.weights().stream().filter(NamedWeight::trainable).toList();
            this.opt = new Amsgrad(params, 0.9, 0.999, 1e-8, 0.0, true);
            this.lr = lr;
        }

        void step() {
            List<Tensor> grads = new ArrayList<>(params.size());
            for (NamedWeight w : params) {
                grads.add(w.var().grad());
                w.var().zeroGrad();                               // the next backward starts from zero
            }
            opt.step(grads, lr);
        }
    }
}
