package org.jnequip.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.jnequip.tensor.BufferArena;
import org.jnequip.tensor.BufferArena.Mode;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A backward without createGraph inside a step arena gives the storage of gradients it has consumed back to the
 * arena (Tape's Recycle). Gradients that share storage (an add passes its gradient to both inputs, a reshape is a
 * view, slices' gradients are summed later), the requested gradients, an input that is also an intermediate, and a
 * gradOutput the caller still holds must come out the same as without an arena, in reuse and in poison mode (where
 * storage given back too early reads NaN).
 */
class TapeRecycleTest {
    private static final Tensor X0 = Tensor.of(new double[]{0.3, -1.2, 0.7, 2.0, -0.4, 1.1, 0.9, -0.8}, 2, 4);
    private static final Tensor W0 = Tensor.of(new double[]{1.5, -0.5, 0.25, 2.0, -1.0, 0.75, 0.1, -0.3}, 4, 2);

    /** {dE/dx, dE/dh, dE/dw, gradOutput after the backward}: a graph with pass-through, views, slices and reuse. */
    private static double[][] grads() {
        Var x = Var.leaf(X0, true), w = Var.leaf(W0, true);
        Var h = x.mul(x).add(x);                                    // an intermediate that is also requested
        Var s = h.add(h);                                           // add: one gradient for both inputs (the same storage)
        Var r = s.reshape(4, 2).matmul(w.reshape(2, 4).mul(0.5)).reshape(16);   // views on both sides
        List<Var> parts = h.split(1, new int[]{0, 2}, new int[]{2, 4});        // slices: gradients summed later
        Var y = r.mul(r).sum(0, false).add(parts.get(0).mul(parts.get(1)).sum().mul(r.sum()));
        Var g = y.constantLike(1.0, y.shape()).mul(y.constantLike(3.0, y.shape()));   // the caller's gradOutput
        Var[] d = Tape.grad(new Var[]{y}, new Var[]{x, h, w}, new Var[]{g}, false);
        return new double[][]{d[0].value().toDoubleArray(), d[1].value().toDoubleArray(), d[2].value().toDoubleArray(), g.value().toDoubleArray()};
    }

    private static void sameAsWithoutArena(Mode mode) {
        double[][] expect = grads();
        BufferArena a = new BufferArena(mode);
        for (int run = 0; run < 4; run++) {                          // from the third run on, storage comes from the run before
            double[][] got = a.run(TapeRecycleTest::grads);
            for (int k = 0; k < expect.length; k++) assertArrayEquals(expect[k], got[k], 0.0, mode + " run " + run + ", result " + k);
        }
    }

    @Test
    void recycledGradientsGiveTheSameResultsAsFreshStorage() { sameAsWithoutArena(Mode.REUSE); }

    @Test
    void noGradientIsGivenBackWhileStillRead() { sameAsWithoutArena(Mode.POISON); }
}
