package org.jnequip.nequip.train;

import java.util.ArrayList;
import java.util.List;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.data.TypeMapper;
import org.jnequip.nequip.neighbors.Edges;
import org.jnequip.nequip.neighbors.NeighborList;
import org.jnequip.tensor.BufferArena;
import org.jnequip.tensor.Tensor;

/**
 * Runs a {@link Potential} over frames in batches and scores the predictions against the frames' reference
 * energies and forces ({@link ErrorMetrics}). Used for validation during training and by {@code evaluate}.
 */
public final class Evaluator {
    private Evaluator() {}

    /** Predicted total energy (K) and forces (K × N_k·3) per frame, in eV and eV/Å. */
    public record Predictions(double[] energies, List<double[]> forces) {}

    /** Called after each batch with the number of frames done. */
    @FunctionalInterface
    public interface Progress {
        void done(int frames, int total);
    }

    /** Neighbour lists of the frames with cutoff rMax. */
    public static List<Edges> neighborLists(List<Structure> frames, double rMax) {
        List<Edges> out = new ArrayList<>(frames.size());
        for (Structure s : frames) out.add(NeighborList.build(s.positions(), s.cell(), s.pbc(), rMax));
        return out;
    }

    /** Batches frames[from, to) into one graph. */
    static AtomicBatch batch(List<Structure> frames, List<Edges> edges, int[] order, int from, int to, double rMax, TypeMapper types) {
        List<Structure> s = new ArrayList<>(to - from);
        List<Edges> e = new ArrayList<>(to - from);
        for (int k = from; k < to; k++) {
            int i = order == null ? k : order[k];
            s.add(frames.get(i));
            e.add(edges.get(i));
        }
        return AtomicBatch.of(s, e, rMax, types);
    }

    public static Predictions predict(Potential p, List<Structure> frames, List<Edges> edges, TypeMapper types, int batchSize, Progress progress) {
        double rMax = p.config().rMax();
        double[] energies = new double[frames.size()];
        List<double[]> forces = new ArrayList<>(frames.size());
        BufferArena arena = new BufferArena();                 // each batch reuses the previous batch's buffers
        for (int from = 0; from < frames.size(); from += batchSize) {
            int to = Math.min(frames.size(), from + batchSize);
            AtomicBatch b = batch(frames, edges, null, from, to, rMax, types);
            double[] ef = arena.run(() -> {
                Potential.Output out = p.predict(b, false);
                Tensor et = out.totalEnergy().value(), ft = out.forces().value();
                return Tensor.concat(List.of(et.reshape(et.numel()), ft.reshape(ft.numel())), 0).toDoubleArray();  // one device read: E (B) then F (3N)
            });
            int nb = to - from;
            for (int k = from; k < to; k++) {
                energies[k] = ef[k - from];
                int a0 = b.atomOffset()[k - from], a1 = b.atomOffset()[k - from + 1];
                forces.add(java.util.Arrays.copyOfRange(ef, nb + 3 * a0, nb + 3 * a1));
            }
            if (progress != null) progress.done(to, frames.size());
        }
        return new Predictions(energies, forces);
    }

    /** Adds every frame's errors (where it has references) to {@code m}. */
    public static ErrorMetrics score(Predictions pr, List<Structure> frames, TypeMapper types, ErrorMetrics m) {
        for (int k = 0; k < frames.size(); k++) {
            Structure s = frames.get(k);
            if (s.energy() != null) m.addEnergy(pr.energies()[k], s.energy(), s.numAtoms());
            double[] f = s.forces();
            if (f != null) m.addForces(pr.forces().get(k), f, types.types(s));
        }
        return m;
    }
}
