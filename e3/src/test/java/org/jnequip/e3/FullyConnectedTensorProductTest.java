package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jnequip.autograd.GradCheck;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan.Mode;
import org.junit.jupiter.api.Test;

/**
 * FullyConnectedTensorProduct: the path list (every (i1, i2, iOut) with ir_out ∈ ir1 ⊗ ir2, loop order
 * i1, i2, iOut, uvw), equivariance under rotation × inversion with internal shared weights (NequIP's
 * self-connection) and with per-sample weights, and gradients of order 1 and 2.
 */
class FullyConnectedTensorProductTest {
    private static final Irreps IN1 = Irreps.parse("2x0e+1x0o+2x1o+1x1e+1x2e"), IN2 = Irreps.parse("1x0e+1x1o+1x2e"),
            OUT = Irreps.parse("2x0e+1x0o+2x1o+2x1e+1x2o+1x2e+1x3o");

    @Test
    void instructionsAreEveryAllowedTriple() {
        FullyConnectedTensorProduct tp = new FullyConnectedTensorProduct(IN1, IN2, OUT);
        int k = 0, numel = 0;
        for (int a = 0; a < IN1.size(); a++)
            for (int b = 0; b < IN2.size(); b++)
                for (int c = 0; c < OUT.size(); c++) {
                    Irrep i1 = IN1.get(a).ir(), i2 = IN2.get(b).ir(), o = OUT.get(c).ir();
                    boolean allowed = i1.p() * i2.p() == o.p() && o.l() >= Math.abs(i1.l() - i2.l()) && o.l() <= i1.l() + i2.l();
                    if (!allowed) continue;
                    Instruction ins = tp.instructions().get(k);
                    assertEquals(List.of(a, b, c), List.of(ins.iIn1(), ins.iIn2(), ins.iOut()), "instruction " + k);
                    assertEquals(Mode.UVW, ins.connectionMode());
                    assertEquals(numel, tp.weightOffset(k), "offset of instruction " + k);
                    numel += IN1.get(a).mul() * IN2.get(b).mul() * OUT.get(c).mul();
                    k++;
                }
        assertEquals(k, tp.instructions().size());
        assertEquals(numel, tp.weightNumel());
    }

    @Test
    void equivariantUnderRotationAndInversion() {
        Rng rng = new Rng(5);
        FullyConnectedTensorProduct shared = new FullyConnectedTensorProduct(IN1, IN2, OUT);
        FullyConnectedTensorProduct perSample = new FullyConnectedTensorProduct(IN1, IN2, OUT, TensorProduct.Options.DEFAULT.withSharedWeights(false));
        int z = 5;
        Tensor x1 = rng.normal(DType.F64, z, IN1.dim()), x2 = rng.normal(DType.F64, z, IN2.dim());
        Var w = Var.constant(rng.normal(DType.F64, z, perSample.weightNumel()));
        for (int k = 0; k < 4; k++) {
            double[] r = Rotations.random(rng);
            boolean inv = k % 2 == 1;
            double[] d2 = IN2.D(r, inv);
            Tensor rx2 = LayerChecks.act(d2, x2);
            // x2 is rotated alongside x1: f(x1) = TP(x1, x2) with x2 fixed at the rotated or the original value
            for (FullyConnectedTensorProduct tp : List.of(shared, perSample)) {
                Var ww = tp == shared ? null : w;
                Tensor lhs = tp.forward(Var.constant(LayerChecks.act(IN1.D(r, inv), x1)), Var.constant(rx2), ww == null ? tp.weight() : ww).value();
                Tensor rhs = LayerChecks.act(OUT.D(r, inv), tp.forward(Var.constant(x1), Var.constant(x2), ww == null ? tp.weight() : ww).value());
                double err = LayerChecks.close(rhs.toDoubleArray(), lhs.toDoubleArray(), 1e-10, tp + " inversion " + inv);
                assertTrue(err <= 1e-10);
            }
        }
    }

    @Test
    void gradCheckOrders1And2() {
        Irreps a = Irreps.parse("1x0e+1x1o+1x2e"), b = Irreps.parse("1x0e+1x1o"), c = Irreps.parse("1x0e+1x1o+1x1e+1x2e");
        FullyConnectedTensorProduct tp = new FullyConnectedTensorProduct(a, b, c);
        Rng rng = new Rng(6);
        GradCheck.check(x -> tp.forward(x[0], x[1], x[2]), 2,
                rng.normal(DType.F64, 2, a.dim()), rng.normal(DType.F64, 2, b.dim()), rng.normal(DType.F64, tp.weightNumel()));
    }
}
