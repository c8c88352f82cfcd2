package org.jnequip.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TapeSmokeTest {
    @Test
    void secondDerivativeOfCube() {
        Var x = Var.param(Tensor.of(new double[]{0.5, -2.0, 3.0}, 3));
        Var y = x.square().mul(x).sum();                      // Σ x³
        Var g = Tape.grad(y, x, true);                         // 3x²
        assertEquals(3 * 4.0, g.value().get(1), 1e-12);
        Var h = Tape.grad(g.sum(), x, false);                  // 6x
        assertEquals(18.0, h.value().get(2), 1e-12);
    }

    @Test
    void gradCheckComposite() {
        Tensor a = Tensor.of(new double[]{0.3, -0.7, 1.1, 0.2, 0.5, -0.4}, 2, 3);
        Tensor b = Tensor.of(new double[]{0.9, -0.1, 0.4}, 3, 1);
        GradCheck.check(x -> x[0].tanh().matmul(x[1]).silu().add(x[0].sum(1, true).square()), 2, a, b);
    }
}
