package org.jnequip.nequip.train;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.nequip.config.ConfigException;
import org.jnequip.nequip.config.ConfigMap;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.data.TypeMapper;
import org.jnequip.nequip.io.Json;
import org.jnequip.nequip.io.ModelFile;
import org.jnequip.nequip.model.ModelKeys;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.neighbors.Edges;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.BufferArena;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;

/**
 * Trains a potential (nequip-spec §6). One epoch:
 * <pre>
 *   for each shuffled mini-batch of batch_size frames (one graph):
 *       L = Loss(predict(batch, createGraph = true))          (energies and forces F = −∂E/∂r)
 *       g = ∂L/∂θ ;  θ ← AMSGrad(θ, g, lr) ;  EMA ← update(θ)
 *   validate with the EMA weights ; best metrics_key → best_model ; ReduceLROnPlateau ; early stopping
 *   checkpoint (atomic) ; metrics.csv
 * </pre>
 * Everything is checked (config, data, species, splits) before the run directory is created, so a bad input
 * leaves no files behind. {@link #run}{@code (true)} continues from the checkpoint bit for bit: weights, EMA,
 * optimiser moments, learning-rate schedule, early-stopping counters and the shuffling RNG are all restored.
 * <p>
 * With {@code device} the model is built on that backend and stays there: the optimiser and the EMA update the
 * model's own weights in place with their float64 state beside them, so a step reads back one array (loss,
 * energies, forces) and nothing is reloaded. Checkpoints and model files hold host copies, the same whatever
 * the backend, so a run may resume on another one.
 * <p>
 * Data-parallel ({@link Replicas}, e.g. MPI ranks): every replica runs this loop on the same data and shuffle,
 * takes its shard of each batch (contiguous, balanced by atoms), divides its loss by the whole batch's counts and
 * sums the step's gradients and error sums with the others in one call; then every replica holds the same summed
 * gradient and takes the same optimiser step. The validation set is sharded and its error sums added, the wall
 * times are the slowest replica's, so early stopping and the learning-rate schedule decide alike everywhere.
 * Replica 0 alone touches the run directory and reports to the listener; the checkpoint holds nothing of the
 * replicas, so a run resumes on any number of them.
 */
public final class Trainer {
    /** How a run ended: directory, last epoch, best metrics_key value and its epoch, why it stopped. */
    public record Result(RunDirectory dir, int lastEpoch, double bestMetric, int bestEpoch, String stopReason, Map<String, Double> lastMetrics) {}

    private final TrainConfig cfg;
    private final Potential.Factory factory;
    private final TrainListener out;
    private final Replicas replicas;
    /** Recycles the op results of one training step for the next (the steps of an epoch have similar shapes). */
    private final BufferArena arena = new BufferArena();

    public Trainer(TrainConfig cfg, Potential.Factory factory, TrainListener listener) { this(cfg, factory, listener, Replicas.one()); }

    /** Training as one of {@code replicas}; the listener hears only replica 0. */
    public Trainer(TrainConfig cfg, Potential.Factory factory, TrainListener listener, Replicas replicas) {
        this.cfg = cfg;
        this.factory = factory;
        this.replicas = replicas;
        this.out = listener == null || !replicas.writes() ? new TrainListener() {} : listener;
    }

    public Result run(boolean resume) throws IOException {
        Backend device = device();
        RunDirectory dir = new RunDirectory(cfg.runDir());
        Checkpoint ck = null;
        if (resume) {
            if (!Files.isRegularFile(dir.checkpoint()))
                throw new ConfigException("run_name", "nothing to resume: no checkpoint at " + dir.checkpoint()
                        + (Files.isDirectory(dir.dir()) ? " (the run never finished an epoch); run without --resume to start it afresh" : ""));
            ck = Checkpoint.read(dir.checkpoint());
            List<String> changed = RunDirectory.changedKeys(ck.trainConfig(), cfg.raw());
            if (!changed.isEmpty())
                throw new ConfigException(changed.get(0), "cannot resume " + dir.dir() + ": the config differs from the checkpoint's in " + changed
                        + " (only " + new java.util.TreeSet<>(TrainConfig.RESUMABLE_CHANGES) + " may change)");
        } else if (replicas.writes() && dir.checkFresh()) {
            dir.removeTemporaries();
            out.message("reusing " + dir.dir() + ": the run there stopped before its first epoch ended");
        }
        TrainingData data = TrainingData.load(cfg);
        List<Structure> train = data.train(), val = data.validation();
        NequipConfig mcfg;
        double rMax = ck != null ? ck.model().rMax() : cfg.model().get(ModelKeys.R_MAX);
        List<Edges> trainEdges = Evaluator.neighborLists(train, rMax), valEdges = Evaluator.neighborLists(val, rMax);
        if (ck != null) mcfg = ck.model();
        else {
            TrainingStatistics st = TrainingStatistics.compute(train, trainEdges, data.types());
            ModelKeys.Values mk = cfg.model();
            double avg = mk.fromData(ModelKeys.AVG_NUM_NEIGHBORS) ? st.avgNumNeighbors() : mk.get(ModelKeys.AVG_NUM_NEIGHBORS);
            mcfg = mk.with(ModelKeys.CHEMICAL_SYMBOLS, data.types().typeNames()).with(ModelKeys.AVG_NUM_NEIGHBORS, avg)
                    .with(ModelKeys.PER_SPECIES_SCALES, null).with(ModelKeys.PER_SPECIES_SHIFTS, st.shiftsInModelUnits())
                    .with(ModelKeys.GLOBAL_SCALE, st.forceRms()).toConfig();
            out.message(String.format(java.util.Locale.ROOT, "statistics (training set): force RMS %.6g eV/Å, avg_num_neighbors %.4g, energy shifts %s eV",
                    st.forceRms(), avg, java.util.Arrays.toString(st.energyShifts())));
        }
        if (!mcfg.chemicalSymbols().equals(data.types().typeNames()))
            throw new ConfigException("chemical_symbols", "checkpoint species " + mcfg.chemicalSymbols() + " differ from the data's " + data.types().typeNames());
        checkMetricNames(mcfg.chemicalSymbols());
        Potential model = build(mcfg, device);
        List<NamedWeight> trainable = model.trainable();
        if (device != Backends.cpu()) out.message("device: training on " + device.name());
        out.message("data: " + train.size() + " training, " + val.size() + " validation, " + data.testIndex().length + " test frames; species " + mcfg.chemicalSymbols());

        // ---- from here on, files are written (by replica 0)
        boolean writes = replicas.writes();
        if (writes) dir.create();
        Amsgrad opt = new Amsgrad(trainable, cfg.beta1(), cfg.beta2(), cfg.eps(), cfg.weightDecay(), cfg.amsgrad());
        Ema ema = new Ema(trainable, cfg.emaDecay(), cfg.emaUseNumUpdates());
        PlateauScheduler sched = new PlateauScheduler(cfg.schedulerOn(), cfg.learningRate(), cfg.schedulerFactor(), cfg.schedulerPatience(),
                cfg.schedulerThreshold(), cfg.schedulerMinLr());
        EarlyStopping stopper = new EarlyStopping(cfg.stopPatiences(), cfg.stopDeltas(), cfg.stopLower(), cfg.stopUpper());
        Rng rng = new Rng(cfg.seed() + 1);
        MetricsLog log = null;
        int first;
        double best = Double.POSITIVE_INFINITY, wallBefore = 0;
        int bestEpoch = -1;
        Map<String, Double> last = Map.of();
        if (ck != null) {
            TrainState s = ck.state();
            model.load(ck.weights());
            opt.restore(ck.optimizer(), s.optimizerStep());
            ema.restore(ck.ema(), s.emaUpdates());
            sched.restore(s.lr(), s.schedulerBest(), s.schedulerBad());
            stopper.restore(s.earlyStopping());
            rng.setState(s.rngSeed(), s.rngCounter());
            best = s.bestMetric();
            bestEpoch = s.bestEpoch();
            wallBefore = s.cumulativeWall();
            first = s.epoch() + 1;
            if (writes) {
                dir.removeTemporaries();
                log = MetricsLog.resume(dir.metrics(), s.epoch());
            }
            out.message("resuming " + dir.dir() + " after epoch " + s.epoch() + " (best " + cfg.metricsKey() + " " + best + " at epoch " + bestEpoch + ")");
        } else {
            if (writes) {
                dir.writeConfig(cfg);
                dir.writeSplits(cfg, data);
                log = new MetricsLog(dir.metrics());
            }
            first = cfg.reportInitValidation() ? 0 : 1;
        }
        if (replicas.size() > 1) out.message("replicas: " + replicas.size() + ", each takes a shard of every batch of " + cfg.batchSize() + " frames");
        long t0 = System.nanoTime();
        String reason = null;
        for (int epoch = first; epoch <= cfg.maxEpochs(); epoch++) {
            long te = System.nanoTime();
            double lr = sched.lr();
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("epoch", (double) epoch);
            if (epoch > 0) m.putAll(trainEpoch(epoch, model, trainable, train, trainEdges, data.types(), opt, ema, rng, lr, mcfg).results("training_"));
            double metric;
            boolean improved;
            try (Ema.Swap averaged = cfg.useEma() ? ema.swapIn() : () -> {}) {     // validate (and save) the averaged weights
                m.putAll(validate(model, val, valEdges, data.types(), mcfg).results("validation_"));
                metric = m.getOrDefault(cfg.metricsKey(), Double.NaN);
                if (Double.isNaN(metric)) throw new IllegalStateException("metrics_key " + cfg.metricsKey() + " is NaN at epoch " + epoch + " (training diverged?)");
                improved = metric < best;
                if (improved) {
                    best = metric;
                    bestEpoch = epoch;
                    if (writes) ModelFile.write(dir.bestModel(), mcfg, model.stateDict(), bestMetadata(epoch, metric));
                }
            }
            if (epoch > 0) sched.step(metric);
            double[] walls = replicas.max(new double[]{(System.nanoTime() - te) * 1e-9, wallBefore + (System.nanoTime() - t0) * 1e-9});
            double wall = walls[0], cumWall = walls[1];             // the slowest replica's: the same on every replica
            m.put("LR", lr);
            m.put("wall", wall);
            m.put("cumulative_wall", cumWall);
            Map<String, Double> stopView = new LinkedHashMap<>(m);
            stopView.put("LR", sched.lr());
            if (epoch > 0) reason = stopper.check(stopView);
            if (writes) {
                new Checkpoint(mcfg, cfg.raw(), model.stateDict(), ema.stateTensors(), opt.stateTensors(),
                        new TrainState(epoch, sched.lr(), sched.best(), sched.badEpochs(), opt.stepCount(), ema.numUpdates(), rng.seed(),
                                rng.counter(), best, bestEpoch, cumWall, stopper.state())).write(dir.checkpoint());
                log.add(m);
            }
            last = m;
            out.epoch(epoch, m, improved);
            if (reason != null) break;
        }
        if (reason == null) reason = "reached max_epochs " + cfg.maxEpochs();
        out.finished(reason);
        int lastEpoch = last.isEmpty() ? first - 1 : (int) (double) last.get("epoch");
        return new Result(dir, lastEpoch, best, bestEpoch, reason, last);
    }

    /**
     * The configured backend, looked up first so that an unusable device (no driver or ICD, the kernels jar not on
     * the class path) fails fast, before the data are read and before the run directory exists.
     */
    private Backend device() {
        try {
            return Backends.get(cfg.device());
        } catch (IllegalStateException e) {
            throw deviceError(e);
        }
    }

    /** A new model with its weights on the device; the device may still refuse it (e.g. a float64 model where it lacks fp64). */
    private Potential build(NequipConfig mcfg, Backend device) {
        if (device == Backends.cpu()) return factory.create(mcfg, cfg.seed(), device);
        try {
            return factory.create(mcfg, cfg.seed(), device);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw deviceError(e);
        }
    }

    private ConfigException deviceError(RuntimeException e) {
        return new ConfigException("device", "key 'device': cannot train on " + cfg.device() + ": " + e.getMessage());
    }

    private ErrorMetrics metrics(NequipConfig mcfg) {
        return new ErrorMetrics(mcfg.chemicalSymbols(), mcfg.globalScale(), cfg.energyWeight(), cfg.forcesWeight(), cfg.energyPerAtom());
    }

    private ErrorMetrics trainEpoch(int epoch, Potential model, List<NamedWeight> trainable, List<Structure> train, List<Edges> edges, TypeMapper types,
                                    Amsgrad opt, Ema ema, Rng rng, double lr, NequipConfig mcfg) {
        Var[] leaves = NamedWeight.trainableVars(trainable).toArray(new Var[0]);
        int n = train.size();
        int[] order = cfg.shuffle() ? rng.permutation(n) : java.util.stream.IntStream.range(0, n).toArray();
        ErrorMetrics tm = metrics(mcfg);
        long start = System.nanoTime();
        for (int from = 0; from < n; from += cfg.batchSize()) {
            int lo = from, to = Math.min(n, from + cfg.batchSize());
            arena.run(() -> {                           // the step's op results reuse the previous step's buffers
                double[] sums = new double[1 + tm.sums().length];     // [loss, error sums] of this replica's shard, then of the batch
                List<Tensor> grads = shardGradients(model, leaves, train, edges, order, lo, to, types, mcfg, sums);
                grads = replicas.sumStep(grads, sums);  // one call: the batch's gradient and error sums, the same on every replica
                if (!Double.isFinite(sums[0]))
                    throw new IllegalStateException("training loss is " + sums[0] + " at epoch " + epoch + ", batch " + (lo / cfg.batchSize())
                            + " (diverged: lower learning_rate?)");
                tm.add(java.util.Arrays.copyOfRange(sums, 1, sums.length));
                opt.step(grads, lr);                    // in place: the model has the new weights
                if (cfg.useEma()) ema.update();
            });
            out.batch(epoch, to, n, (System.nanoTime() - start) * 1e-9);
        }
        return tm;
    }

    /**
     * The gradient of this replica's shard of batch [from, to) (zeros where the shard is empty: a batch smaller than the
     * replicas), the shard's loss divided by the batch's counts; {@code sums} ← [that loss, the shard's error sums].
     */
    private List<Tensor> shardGradients(Potential model, Var[] leaves, List<Structure> train, List<Edges> edges, int[] order, int from, int to,
                                        TypeMapper types, NequipConfig mcfg, double[] sums) {
        long[] atoms = new long[to - from];
        for (int k = from; k < to; k++) atoms[k - from] = train.get(order[k]).numAtoms();
        int[] mine = replicas.shard(atoms);
        List<Tensor> grads = new java.util.ArrayList<>(leaves.length);
        ErrorMetrics sm = metrics(mcfg);
        if (mine[0] < mine[1]) {
            AtomicBatch b = Evaluator.batch(train, edges, order, from + mine[0], from + mine[1], mcfg.rMax(), types);
            Potential.Output o = model.predict(b, true);
            Var loss = Loss.of(o, b, to - from, (int) java.util.Arrays.stream(atoms).sum(), mcfg.globalScale(), cfg.energyWeight(),
                    cfg.forcesWeight(), cfg.energyPerAtom());
            Var[] g = Tape.grad(new Var[]{loss}, leaves, null, false);
            double[] seen = readBack(loss, o);          // the step's one host synchronisation, after its backward is queued
            record(sm, seen, b);
            sums[0] = seen[0];
            for (Var gi : g) grads.add(gi.value());
        } else {
            for (Var leaf : leaves) grads.add(leaf.value().backend().zeros(leaf.value().dtype(), leaf.value().shape()));
        }
        double[] es = sm.sums();
        System.arraycopy(es, 0, sums, 1, es.length);
        return grads;
    }

    /** Errors on the validation frames: each replica scores its shard, and the error sums are added. */
    private ErrorMetrics validate(Potential model, List<Structure> val, List<Edges> edges, TypeMapper types, NequipConfig mcfg) {
        int[] mine = replicas.shard(val.stream().mapToLong(Structure::numAtoms).toArray());
        List<Structure> part = val.subList(mine[0], mine[1]);
        ErrorMetrics local = metrics(mcfg), all = metrics(mcfg);
        if (!part.isEmpty())
            Evaluator.score(Evaluator.predict(model, part, edges.subList(mine[0], mine[1]), types, cfg.validationBatchSize(), null), part, types, local);
        all.add(replicas.sum(local.sums()));
        return all;
    }

    /**
     * [loss, E (B), F (3N)] read from the device in one copy (three separate reads were three waits for the
     * device per step); on the CPU it is just a copy.
     */
    private static double[] readBack(Var loss, Potential.Output o) {
        Tensor e = o.totalEnergy().value(), f = o.forces().value();
        return Tensor.concat(List.of(loss.value().reshape(1), e.reshape(e.numel()), f.reshape(f.numel())), 0).toDoubleArray();
    }

    /** Training metrics from {@link #readBack}'s array. */
    private static void record(ErrorMetrics m, double[] seen, AtomicBatch b) {
        int nb = b.numStructures();
        if (b.energy() != null) for (int k = 0; k < nb; k++) m.addEnergy(seen[1 + k], b.energy()[k], b.numAtoms(k));
        if (b.forces() != null) m.addForces(java.util.Arrays.copyOfRange(seen, 1 + nb, seen.length), b.forces(), b.atomTypes());
    }

    private Map<String, String> bestMetadata(int epoch, double metric) {
        Map<String, String> x = new LinkedHashMap<>();
        x.put("best_epoch", Integer.toString(epoch));
        x.put("metrics_key", cfg.metricsKey());
        x.put("best_metric", Double.toString(metric));
        x.put("train_config", Json.write(RunDirectory.portable(cfg)));
        return x;
    }

    /** metrics_key and early-stopping keys must name metrics the trainer produces. */
    private void checkMetricNames(List<String> symbols) {
        java.util.Set<String> names = new java.util.TreeSet<>(List.of("LR", "wall", "cumulative_wall", "epoch"));
        List<String> base = new java.util.ArrayList<>(List.of("loss", "loss_f", "loss_e", "e_mae", "e_rmse", "e/N_mae", "e/N_rmse", "f_mae", "f_rmse"));
        for (String s : symbols) { base.add("f_mae_" + s); base.add("f_rmse_" + s); }
        for (String p : List.of("training_", "validation_")) for (String b : base) names.add(p + b);
        check("metrics_key", List.of(cfg.metricsKey()), names);
        check("early_stopping_patiences", cfg.stopPatiences().keySet(), names);
        check("early_stopping_delta", cfg.stopDeltas().keySet(), names);
        check("early_stopping_lower_bounds", cfg.stopLower().keySet(), names);
        check("early_stopping_upper_bounds", cfg.stopUpper().keySet(), names);
    }

    private static void check(String key, java.util.Collection<String> used, java.util.Set<String> names) {
        for (String u : used)
            if (!names.contains(u))
                throw new ConfigException(key, "key '" + key + "': unknown metric '" + u + "'; nearest: " + String.join(", ", ConfigMap.nearest(u, names, 3)));
    }
}
