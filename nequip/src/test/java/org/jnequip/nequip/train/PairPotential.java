package org.jnequip.nequip.train;

import java.util.List;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;

/**
 * A small stand-in model for trainer tests, with the same shape as the NequIP adapter: per edge e = (i, j),
 * <pre>
 *   g_k(d) = exp(−(d − μ_k)²/0.5) · (1 − (d/r_max)²)²          (E, K) Gaussian features
 *   h      = tanh(g·W1 + onehot(t_i S + t_j)·Wp)                  (E, H)
 *   e_i    = σ · (½ Σ_{e: centre i} h·w2 + shift_{t_i})           per-atom energy, eV
 * </pre>
 * E_b = Σ_i e_i and F = −∂E/∂r through the autograd tape (createGraph for training).
 */
final class PairPotential implements Potential {
    static final int K = 8, H = 16;
    private final NequipConfig cfg;
    private final Var w1, wp, w2;

    /** CPU only (its inputs are built on the host). */
    PairPotential(NequipConfig cfg, long seed, Backend backend) {
        if (backend != Backends.cpu()) throw new IllegalArgumentException("PairPotential runs on the CPU only");
        this.cfg = cfg;
        Rng rng = new Rng(seed);
        int s = cfg.numTypes();
        w1 = Var.param(rng.normal(cfg.dtype(), K, H).mul(1.0 / Math.sqrt(K)));
        wp = Var.param(rng.normal(cfg.dtype(), s * s, H).mul(0.5));
        w2 = Var.param(rng.normal(cfg.dtype(), H, 1).mul(1.0 / Math.sqrt(H)));
    }

    @Override public NequipConfig config() { return cfg; }

    @Override public List<NamedWeight> weights() { return List.of(new NamedWeight("w1", w1), new NamedWeight("wp", wp), new NamedWeight("w2", w2)); }

    @Override
    public Output predict(AtomicBatch b, boolean createGraph) {
        DType dt = cfg.dtype();
        int n = b.numAtoms(), ne = b.numEdges(), s = cfg.numTypes();
        Var pos = Var.param(Tensor.of(b.positions(), dt, n, 3));
        Var vec = pos.indexSelect(0, b.edgeNeighbor()).sub(pos.indexSelect(0, b.edgeCenter()));          // (E, 3)
        double[] shift = new double[3 * ne];
        for (int e = 0; e < ne; e++)
            for (int k = 0; k < 3; k++)
                for (int a = 0; a < 3; a++) shift[3 * e + k] += b.edgeShift()[3 * e + a] * b.cells()[9 * b.edgeBatch()[e] + 3 * a + k];
        vec = vec.add(Var.constant(Tensor.of(shift, dt, ne, 3)));
        Var d = vec.square().sum(1, true).sqrt();                                                       // (E, 1)
        double[] mu = new double[K];
        for (int k = 0; k < K; k++) mu[k] = 0.5 + k * (cfg.rMax() - 0.5) / (K - 1);
        Var g = d.sub(Var.constant(Tensor.of(mu, dt, 1, K))).square().mul(-2.0).exp();                   // (E, K)
        Var cut = d.mul(1.0 / cfg.rMax()).square().affine(-1, 1).square();                              // (E, 1)
        g = g.mul(cut);
        int[] pair = new int[ne];
        for (int e = 0; e < ne; e++) pair[e] = b.atomTypes()[b.edgeCenter()[e]] * s + b.atomTypes()[b.edgeNeighbor()[e]];
        Var onehot = Var.constant(Tensor.oneHot(pair, s * s, dt));
        Var h = g.matmul(w1).add(onehot.matmul(wp)).tanh();                                              // (E, H)
        Var ee = h.matmul(w2).reshape(ne).mul(0.5);                                       // (E)
        double[] sh = new double[n];
        for (int i = 0; i < n; i++) sh[i] = cfg.perSpeciesShifts() == null ? 0 : cfg.perSpeciesShifts()[b.atomTypes()[i]];
        Var atom = ee.indexAdd(0, b.edgeCenter(), n).add(Var.constant(Tensor.of(sh, dt, n))).mul(cfg.globalScale());
        Var total = atom.indexAdd(0, b.batch(), b.numStructures());                                     // (B)
        Var f = Tape.grad(new Var[]{total}, new Var[]{pos}, null, createGraph)[0].neg();
        return new Output(total, f);
    }
}
