package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jnequip.autograd.GradCheck;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Gate: layouts and parity bookkeeping, a scalar-loop reference, gradients of order 1–2, equivariance. */
class GateTest {
    private static final Activation.ByParity SILU_TANH = new Activation.ByParity("silu", "tanh");

    /** Scalars of both parities, an odd gate (tanh keeps it odd) that flips the parity of what it gates. */
    private static Gate mixed() {
        return new Gate(Irreps.parse("2x0e+1x0o"), SILU_TANH, Irreps.parse("2x0e+1x0o+1x0e"), SILU_TANH, Irreps.parse("1x2e+2x1o+1x1e"));
    }

    @Test
    void e3nnDocstringExample() {
        Gate g = new Gate(Irreps.parse("16x0o"), List.of("tanh"), Irreps.parse("32x0o"), List.of("tanh"), Irreps.parse("16x1e+16x1o"));
        assertEquals(Irreps.parse("48x0o+16x1o+16x1e"), g.irrepsIn());
        assertEquals(Irreps.parse("16x0o+16x1o+16x1e"), g.irrepsOut());
    }

    @Test
    void layoutsAndParities() {
        Gate g = mixed();
        // sorted: 0o (scalars, then gates), 0e (scalars, then gates 2x0e, 1x0e), 1o, 1e, 2e
        assertEquals(Irreps.parse("2x0o+5x0e+2x1o+1x1e+1x2e"), g.irrepsIn());
        // gated pairs with gates 0e,0e | 0o | 0e: 1x2e·0e, 1x1o·0e, 1x1o·0o → 1e, 1x1e·0e
        assertEquals(Irreps.parse("2x0e+1x0o+1x2e+1x1o+1x1e+1x1e"), g.irrepsOut());
        Gate even = new Gate(Irreps.parse("3x0o"), List.of("abs"), Irreps.parse("1x0o"), List.of("abs"), Irreps.parse("1x1o"));
        assertEquals(Irreps.parse("3x0e+1x1o"), even.irrepsOut());   // abs makes the 0o gate even, so 1o stays 1o
        assertThrows(IllegalArgumentException.class, () -> new Gate(Irreps.parse("1x0o"), List.of("silu"), Irreps.empty(), List.of(), Irreps.empty()));
        assertThrows(IllegalArgumentException.class, () -> new Gate(Irreps.parse("1x0e"), SILU_TANH, Irreps.parse("2x0e"), SILU_TANH, Irreps.parse("1x1o")));
        assertThrows(IllegalArgumentException.class, () -> new Gate(Irreps.parse("1x1o"), List.of("silu"), Irreps.empty(), List.of(), Irreps.empty()));
    }

    /** The same gate as plain loops over the sorted input, independent of the gather/indexSelect layout. */
    @Test
    void matchesScalarReference() {
        Gate g = mixed();
        Rng rng = new Rng(21);
        int n = 3, dim = g.irrepsIn().dim();
        double[] x = rng.normal(n * dim);
        double cs = Normalize2Mom.cst("silu"), ct = Normalize2Mom.cst("tanh");
        double[] want = new double[n * g.irrepsOut().dim()];
        // sorted input columns: 0o: s0o(0) gate0o(1) | 0e: s0e(2,3) gates0e(4,5) gate0e(6) | 1o: 7..12 | 1e: 13..15 | 2e: 16..20
        for (int z = 0; z < n; z++) {
            double[] r = java.util.Arrays.copyOfRange(x, z * dim, (z + 1) * dim);
            double[] o = new double[g.irrepsOut().dim()];
            o[0] = cs * silu(r[2]);
            o[1] = cs * silu(r[3]);
            o[2] = ct * Math.tanh(r[0]);
            double[] gate = {cs * silu(r[4]), cs * silu(r[5]), ct * Math.tanh(r[1]), cs * silu(r[6])};
            for (int m = 0; m < 5; m++) o[3 + m] = r[16 + m] * gate[0];     // 2e · gate 0
            for (int m = 0; m < 3; m++) o[8 + m] = r[7 + m] * gate[1];      // first 1o · gate 1
            for (int m = 0; m < 3; m++) o[11 + m] = r[10 + m] * gate[2];    // second 1o · odd gate 2
            for (int m = 0; m < 3; m++) o[14 + m] = r[13 + m] * gate[3];    // 1e · gate 3
            System.arraycopy(o, 0, want, z * o.length, o.length);
        }
        double[] got = g.forward(Var.constant(Tensor.of(x, n, dim))).value().toDoubleArray();
        LayerChecks.close(want, got, 1e-14, "Gate vs loops");
    }

    private static double silu(double v) { return v / (1 + Math.exp(-v)); }

    @Test
    void gradCheck() {
        Gate g = mixed();
        GradCheck.check(v -> g.forward(v[0]), 2, new Rng(22).normal(DType.F64, 2, g.irrepsIn().dim()));
    }

    @Test
    void equivariantUnderRotationAndInversion() {
        Gate g = mixed();
        Tensor x = new Rng(23).normal(DType.F64, 5, g.irrepsIn().dim());
        for (int k = 0; k < 4; k++) {
            double[] r = LayerChecks.rotation(300 + k);
            boolean inv = k % 2 == 0;
            double err = LayerChecks.equivarianceError(g::forward, x, g.irrepsIn().D(r, inv), g.irrepsOut().D(r, inv));
            assertTrue(err <= 1e-10, "equivariance error " + err + " (inversion " + inv + ")");
        }
    }
}
