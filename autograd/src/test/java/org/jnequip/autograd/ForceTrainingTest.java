package org.jnequip.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Force training through double backward, the way NequIP trains (nequip-spec §5):
 * E(r; θ) = Σ_{i<j} φ_θ(|r_i − r_j|) with φ a 1→8→8→1 MLP (tanh, silu), F = −∂E/∂r taken with createGraph=true,
 * L = Σ (F − F_ref)². The tape's ∂L/∂θ must equal the central finite difference of L in each weight to 1e-6
 * (relative), and the Hessian-vector product of a nonlinear function must equal finite differences of its gradient.
 */
class ForceTrainingTest {
    static final int ATOMS = 5;

    /** Pair lists i < j. */
    static int[][] pairs() {
        List<int[]> p = new ArrayList<>();
        for (int i = 0; i < ATOMS; i++) for (int j = i + 1; j < ATOMS; j++) p.add(new int[]{i, j});
        int[] a = new int[p.size()], b = new int[p.size()];
        for (int k = 0; k < a.length; k++) { a[k] = p.get(k)[0]; b[k] = p.get(k)[1]; }
        return new int[][]{a, b};
    }

    /** θ = (W1 (1,8), b1 (8), W2 (8,8), b2 (8), W3 (8,1), b3 (1)). */
    static Var energy(Var r, Var[] th) {
        int[][] ij = pairs();
        Var d = r.indexSelect(0, ij[0]).sub(r.indexSelect(0, ij[1]));       // (P, 3)
        Var dist = d.square().sum(1, true).sqrt();                            // (P, 1)
        Var h = dist.matmul(th[0]).add(th[1]).tanh();                         // (P, 8)
        h = h.matmul(th[2]).add(th[3]).silu();                                // (P, 8)
        return h.matmul(th[4]).add(th[5]).sum();                              // Σ_pairs φ
    }

    static Var loss(Tensor r0, Tensor fRef, Var[] th) {
        Var r = Var.param(r0);
        Var f = Tape.grad(energy(r, th), r, true).neg();                      // (N, 3), on the tape
        return f.sub(Var.constant(fRef)).square().sum();
    }

    static Tensor[] theta(Rng rng) {
        return new Tensor[]{rng.normal(DType.F64, 1, 8), rng.normal(DType.F64, 8).mul(0.3), rng.normal(DType.F64, 8, 8).mul(0.4),
                rng.normal(DType.F64, 8).mul(0.1), rng.normal(DType.F64, 8, 1).mul(0.5), rng.normal(DType.F64, 1)};
    }

    static Var[] params(Tensor[] t) {
        Var[] v = new Var[t.length];
        for (int i = 0; i < t.length; i++) v[i] = Var.param(t[i]);
        return v;
    }

    @Test
    void forceLossGradientMatchesFiniteDifferences() {
        Rng rng = new Rng(77);
        Tensor r0 = rng.uniform(DType.F64, -1.2, 1.2, ATOMS, 3);
        Tensor fRef = rng.normal(DType.F64, ATOMS, 3);
        Tensor[] th0 = theta(rng);
        Var[] th = params(th0);
        Var l = loss(r0, fRef, th);
        Var[] g = Tape.grad(new Var[]{l}, th, null, false);
        double h = 1e-5;
        int checked = 0;
        double worst = 0;
        for (int p = 0; p < th0.length; p++) {
            double[] base = th0[p].toDoubleArray(), analytic = g[p].value().toDoubleArray();
            for (int e = 0; e < base.length; e++) {
                double[] lo = base.clone(), hi = base.clone();
                lo[e] -= h;
                hi[e] += h;
                double numeric = (lossWith(r0, fRef, th0, p, hi) - lossWith(r0, fRef, th0, p, lo)) / (2 * h);
                double rel = Math.abs(numeric - analytic[e]) / Math.max(1e-3, Math.abs(numeric));
                worst = Math.max(worst, rel);
                assertTrue(rel <= 1e-6, "θ" + p + "[" + e + "]: tape " + analytic[e] + " vs finite difference " + numeric + " (rel " + rel + ")");
                checked++;
            }
        }
        assertEquals(8 + 8 + 64 + 8 + 8 + 1, checked);
        assertTrue(l.item() > 0.1, "non-trivial loss");
    }

    static double lossWith(Tensor r0, Tensor fRef, Tensor[] th0, int which, double[] values) {
        Tensor[] t = th0.clone();
        t[which] = Tensor.of(values, th0[which].shape());
        return loss(r0, fRef, params(t)).item();
    }

    @Test
    void hessianVectorProductMatchesFiniteDifferencesOfGradient() {
        // f(x) = Σ tanh(A x) ⊙ x, x (6, 1), A (6, 6); Hv = ∂(∇f · v)/∂x
        Rng rng = new Rng(5);
        Tensor a = rng.normal(DType.F64, 6, 6).mul(0.7), x0 = rng.normal(DType.F64, 6, 1), v = rng.normal(DType.F64, 6, 1);
        Var x = Var.param(x0);
        Var grad = Tape.grad(f(Var.constant(a), x), x, true);
        Var hv = Tape.grad(grad.mul(Var.constant(v)).sum(), x, false);
        double h = 1e-5;
        double[] gp = gradAt(a, x0.add(v.mul(h))), gm = gradAt(a, x0.sub(v.mul(h))), got = hv.value().toDoubleArray();
        for (int i = 0; i < got.length; i++) {
            double numeric = (gp[i] - gm[i]) / (2 * h);
            assertEquals(numeric, got[i], 1e-7 * Math.max(1, Math.abs(numeric)), "Hv[" + i + "]");
        }
        // and the Hessian is symmetric: uᵀ(Hv) = vᵀ(Hu)
        Tensor u = rng.normal(DType.F64, 6, 1);
        Var x2 = Var.param(x0);
        Var g2 = Tape.grad(f(Var.constant(a), x2), x2, true);
        double uHv = hv.value().mul(u).sum().item();
        double vHu = Tape.grad(g2.mul(Var.constant(u)).sum(), x2, false).value().mul(v).sum().item();
        assertEquals(uHv, vHu, 1e-12 * Math.max(1, Math.abs(uHv)));
    }

    static Var f(Var a, Var x) { return a.matmul(x).tanh().mul(x).sum(); }

    static double[] gradAt(Tensor a, Tensor x0) {
        Var x = Var.param(x0);
        return Tape.grad(f(Var.constant(a), x), x, false).value().toDoubleArray();
    }
}
