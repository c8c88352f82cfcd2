package org.jnequip.nequip.train;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * Accumulates prediction errors over frames and reports them in data units (eV, eV/Å):
 * <pre>
 *   e_mae, e_rmse          total energy            e/N_mae, e/N_rmse    energy per atom
 *   f_mae, f_rmse          all force components    f_mae_X, f_rmse_X    components of atoms of species X
 *   loss = λ_E·loss_e + λ_F·loss_f,  loss_e = mean_k (ΔE_k/(N_k σ))²  (or (ΔE_k/σ)²),  loss_f = mean (ΔF/σ)²
 * </pre>
 * σ is the force-RMS scale, so the loss is that of nequip on normalised targets. Means run over all frames and
 * components seen, not over batch means. Frames without reference energy (or forces) skip those terms.
 * Accumulators of disjoint sets of frames merge exactly ({@link #sums}, {@link #add(double[])}): the metrics
 * of the union are formed from the summed sums and counts, never by averaging averages.
 */
public final class ErrorMetrics {
    private final List<String> symbols;
    private final double sigma, lambdaE, lambdaF;
    private final boolean perAtom;
    private double eAbs, eSq, enAbs, enSq, lossE;
    private long frames;
    private double fAbs, fSq;
    private long comps;
    private final double[] sAbs, sSq;
    private final long[] sCount;

    public ErrorMetrics(List<String> symbols, double sigma, double lambdaE, double lambdaF, boolean perAtom) {
        this.symbols = List.copyOf(symbols);
        this.sigma = sigma;
        this.lambdaE = lambdaE;
        this.lambdaF = lambdaF;
        this.perAtom = perAtom;
        sAbs = new double[symbols.size()];
        sSq = new double[symbols.size()];
        sCount = new long[symbols.size()];
    }

    /** Energies of one frame: predicted and reference total energy, atom count. */
    public void addEnergy(double pred, double ref, int numAtoms) {
        double d = pred - ref, dn = d / numAtoms;
        eAbs += Math.abs(d);
        eSq += d * d;
        enAbs += Math.abs(dn);
        enSq += dn * dn;
        double l = (perAtom ? dn : d) / sigma;
        lossE += l * l;
        frames++;
    }

    /** Forces (N·3) of atoms with the given type indices (N). */
    public void addForces(double[] pred, double[] ref, int[] types) {
        for (int i = 0; i < types.length; i++) {
            for (int k = 0; k < 3; k++) {
                double d = pred[3 * i + k] - ref[3 * i + k];
                fAbs += Math.abs(d);
                fSq += d * d;
                sAbs[types[i]] += Math.abs(d);
                sSq[types[i]] += d * d;
                sCount[types[i]]++;
            }
        }
        comps += 3L * types.length;
    }

    public long frames() { return frames; }

    /**
     * The sums and counts accumulated so far, flat: [Σ|ΔE|, ΣΔE², Σ|ΔE/N|, Σ(ΔE/N)², Σ loss_e terms, frames,
     * Σ|ΔF|, ΣΔF², components, then per species Σ|ΔF| (S), ΣΔF² (S), components (S)]. Counts are exact in a
     * double up to 2⁵³. Element-wise sums of these arrays over processes are the sums of the union.
     */
    public double[] sums() {
        int ns = symbols.size();
        double[] v = new double[9 + 3 * ns];
        double[] head = {eAbs, eSq, enAbs, enSq, lossE, frames, fAbs, fSq, comps};
        System.arraycopy(head, 0, v, 0, 9);
        System.arraycopy(sAbs, 0, v, 9, ns);
        System.arraycopy(sSq, 0, v, 9 + ns, ns);
        for (int s = 0; s < ns; s++) v[9 + 2 * ns + s] = sCount[s];
        return v;
    }

    /** Adds the {@link #sums} of an accumulator with the same species (e.g. the sum over the ranks of a run). */
    public void add(double[] v) {
        int ns = symbols.size();
        if (v.length != 9 + 3 * ns) throw new IllegalArgumentException("ErrorMetrics.add: " + v.length + " sums for " + ns + " species, need " + (9 + 3 * ns));
        eAbs += v[0];
        eSq += v[1];
        enAbs += v[2];
        enSq += v[3];
        lossE += v[4];
        frames += (long) v[5];
        fAbs += v[6];
        fSq += v[7];
        comps += (long) v[8];
        for (int s = 0; s < ns; s++) {
            sAbs[s] += v[9 + s];
            sSq[s] += v[9 + ns + s];
            sCount[s] += (long) v[9 + 2 * ns + s];
        }
    }

    /** The metrics with a name prefix ("training_", "validation_", "" for evaluation). */
    public LinkedHashMap<String, Double> results(String prefix) {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        double le = frames > 0 ? lossE / frames : 0, lf = comps > 0 ? fSq / comps / (sigma * sigma) : 0;
        m.put(prefix + "loss", lambdaE * le + lambdaF * lf);
        if (comps > 0) m.put(prefix + "loss_f", lf);
        if (frames > 0) {
            m.put(prefix + "loss_e", le);
            m.put(prefix + "e_mae", eAbs / frames);
            m.put(prefix + "e_rmse", Math.sqrt(eSq / frames));
            m.put(prefix + "e/N_mae", enAbs / frames);
            m.put(prefix + "e/N_rmse", Math.sqrt(enSq / frames));
        }
        if (comps > 0) {
            m.put(prefix + "f_mae", fAbs / comps);
            m.put(prefix + "f_rmse", Math.sqrt(fSq / comps));
            for (int s = 0; s < symbols.size(); s++) {
                if (sCount[s] == 0) continue;
                m.put(prefix + "f_mae_" + symbols.get(s), sAbs[s] / sCount[s]);
                m.put(prefix + "f_rmse_" + symbols.get(s), Math.sqrt(sSq[s] / sCount[s]));
            }
        }
        return m;
    }
}
