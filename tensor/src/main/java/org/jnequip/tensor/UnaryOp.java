package org.jnequip.tensor;

import java.util.function.DoubleUnaryOperator;

/** Elementwise unary primitives. Each carries its scalar definition, used by the CPU backend and as test reference. */
public enum UnaryOp {
    NEG(x -> -x),
    ABS(Math::abs),
    SIGN(Math::signum),
    EXP(Math::exp),
    LOG(Math::log),
    SQRT(Math::sqrt),
    RSQRT(x -> 1.0 / Math.sqrt(x)),
    RECIPROCAL(x -> 1.0 / x),
    SQUARE(x -> x * x),
    SIN(Math::sin),
    COS(Math::cos),
    TANH(Math::tanh),
    SIGMOID(x -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x))),
    /** silu(x) = x·sigmoid(x). */
    SILU(x -> x * (x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x)))),
    /** softplus(x) = log(1 + e^x), computed stably. */
    SOFTPLUS(x -> Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)))),
    RELU(x -> x > 0 ? x : 0.0),
    /** silu'(x) = σ(x)·(1 + x·(1 − σ(x))): the backward of silu in one op. */
    SILU_GRAD(x -> {
        double s = x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
        return s * (1.0 + x * (1.0 - s));
    }),
    /** silu''(x) = σ(1 − σ)·(2 + x·(1 − 2σ)): the double backward of silu in one op. */
    SILU_SECOND(x -> {
        double s = x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
        return s * (1.0 - s) * (2.0 + x * (1.0 - 2.0 * s));
    });

    private final DoubleUnaryOperator f;

    UnaryOp(DoubleUnaryOperator f) { this.f = f; }

    public double apply(double x) { return f.applyAsDouble(x); }
}
