package org.jnequip.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** GradCheck takes its tolerance per call: a coarse step makes exp's central difference fail a tight test. */
class GradCheckTest {
    private static final Tensor X = Tensor.of(new double[]{0.3, -0.7, 1.1}, 3);

    @Test
    void defaultTolerancePassesFirstAndSecondOrder() {
        GradCheck.check(x -> x[0].exp(), 2, X);
    }

    @Test
    void aCoarseStepWithATightToleranceFails() {
        // central difference of exp with step 0.1: relative error about 0.1²/6 ≈ 1.7e-3, far above 1e-8
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.check(x -> x[0].exp(), 1, new GradCheck.Tolerance(0.1, 1e-8, 1e-8), X));
        assertTrue(e.getMessage().contains("order 1 failed: input 0"), e.getMessage());
        GradCheck.check(x -> x[0].exp(), 1, new GradCheck.Tolerance(0.1, 0, 3e-3), X);   // and passes when the tolerance allows it
    }

    @Test
    void toleranceRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new GradCheck.Tolerance(0, 1e-6, 1e-5));
        assertThrows(IllegalArgumentException.class, () -> new GradCheck.Tolerance(1e-6, -1, 1e-5));
    }
}
