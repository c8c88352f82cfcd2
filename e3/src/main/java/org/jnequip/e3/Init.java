package org.jnequip.e3;

import org.jnequip.autograd.Var;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;

/**
 * How layers that own their weights create them: e3nn draws every weight from N(0, 1), here from one
 * {@link Rng} in the order the layers are built (so a model and its seed fix every value), stored as
 * {@code dtype} on {@code backend}. The draws happen on the host, so a model built on a device has the
 * CPU model's weights.
 *
 * {@snippet :
 * Init init = Init.of(new Rng(0), DType.F64);
 * Linear lin = new Linear(Irreps.parse("4x0e"), Irreps.parse("2x0e"), init);   // owns a (8) weight ~ N(0, 1)
 * }
 */
public record Init(Rng rng, DType dtype, Backend backend) {
    /** Draws on the CPU backend. */
    public static Init of(Rng rng, DType dtype) { return new Init(rng, dtype, Backends.cpu()); }

    /** A trainable weight of the given shape, values ~ N(0, 1). */
    public Var normal(int... shape) { return Var.param(rng.normal(dtype, shape).to(backend)); }

    /** A weight with the given values: trainable (a parameter) or not (a buffer). */
    public Var values(double[] v, boolean trainable, int... shape) {
        Tensor t = backend.fromHost(v, dtype, shape);
        return trainable ? Var.param(t) : Var.constant(t);
    }
}
