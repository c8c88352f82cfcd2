package org.jnequip.nequip.train;

import java.util.List;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.data.TypeMapper;
import org.jnequip.nequip.neighbors.Edges;

/**
 * Data statistics of the training split that set the model's output scale (nequip-spec §5 "Rescaling"):
 * <pre>
 *   σ      = sqrt(mean over all force components F²)          (global scale; 1 without forces)
 *   b_s    = ridge fit of E_k ≈ Σ_s n_ks b_s  (α = 0.001)        (per-species energy shifts, eV)
 *   avg_nn = mean over atoms of the number of edges centred on the atom
 * </pre>
 * In model units (what {@link org.jnequip.nequip.model.NequipConfig} stores) the shifts are b_s / σ.
 */
public record TrainingStatistics(double forceRms, double[] energyShifts, double avgNumNeighbors) {

    public static final double RIDGE_ALPHA = 0.001;

    /** {@code edges.get(k)} is the neighbour list of {@code train.get(k)}. */
    public static TrainingStatistics compute(List<Structure> train, List<Edges> edges, TypeMapper types) {
        double sq = 0;
        long comps = 0, atoms = 0, edgeCount = 0;
        int withEnergy = 0;
        for (int k = 0; k < train.size(); k++) {
            Structure s = train.get(k);
            double[] f = s.forces();
            if (f != null) {
                for (double v : f) sq += v * v;
                comps += f.length;
            }
            atoms += s.numAtoms();
            edgeCount += edges.get(k).count();
            if (s.energy() != null) withEnergy++;
        }
        double rms = comps > 0 ? Math.sqrt(sq / comps) : 1.0;
        if (!(rms > 0)) rms = 1.0;                          // all-zero forces: keep the scale neutral
        double[] shifts = new double[types.numTypes()];
        if (withEnergy > 0) {
            int[][] counts = new int[withEnergy][types.numTypes()];
            double[] energies = new double[withEnergy];
            int row = 0;
            for (Structure s : train) {
                if (s.energy() == null) continue;
                for (int t : types.types(s)) counts[row][t]++;
                energies[row++] = s.energy();
            }
            shifts = EnergyRegression.shifts(counts, energies, RIDGE_ALPHA);
        }
        return new TrainingStatistics(rms, shifts, atoms > 0 ? (double) edgeCount / atoms : 0);
    }

    /** Shifts divided by σ (the model's internal units). */
    public double[] shiftsInModelUnits() {
        double[] s = energyShifts.clone();
        for (int i = 0; i < s.length; i++) s[i] /= forceRms;
        return s;
    }
}
