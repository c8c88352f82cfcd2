package org.jnequip.autograd;

import java.util.Arrays;
import org.jnequip.tensor.BinaryOp;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.UnaryOp;

/**
 * Elementwise ops with their backward rules side by side. Binary ops broadcast (NumPy rules); the gradient of
 * a broadcast operand is summed back to its shape with {@link Var#sumTo}.
 */
final class ElementwiseOps {
    private ElementwiseOps() {}

    private static void sameDtype(String op, Var a, Var b) {
        if (a.dtype() != b.dtype())
            throw new IllegalArgumentException(op + ": dtype mismatch " + a.dtype() + " vs " + b.dtype() + " for shapes " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
    }

    static Var add(Var a, Var b) {
        sameDtype("add", a, b);
        return Var.record(OpProfile.start(), Double.NaN, a.value().add(b.value()), "add",
                (g, n) -> new Var[]{n[0] ? g.sumTo(a.shape()) : null, n[1] ? g.sumTo(b.shape()) : null}, a, b);
    }

    static Var sub(Var a, Var b) {
        sameDtype("sub", a, b);
        return Var.record(OpProfile.start(), Double.NaN, a.value().sub(b.value()), "sub",
                (g, n) -> new Var[]{n[0] ? g.sumTo(a.shape()) : null, n[1] ? g.neg().sumTo(b.shape()) : null}, a, b);
    }

    static Var mul(Var a, Var b) {
        sameDtype("mul", a, b);
        return Var.record(OpProfile.start(), Double.NaN, a.value().mul(b.value()), "mul",
                (g, n) -> new Var[]{n[0] ? g.mul(b).sumTo(a.shape()) : null, n[1] ? g.mul(a).sumTo(b.shape()) : null}, a, b);
    }

    static Var div(Var a, Var b) {
        sameDtype("div", a, b);
        return Var.record(OpProfile.start(), Double.NaN, a.value().div(b.value()), "div", (g, n) -> new Var[]{
                n[0] ? g.div(b).sumTo(a.shape()) : null,
                n[1] ? g.mul(a).div(b.square()).neg().sumTo(b.shape()) : null}, a, b);
    }

    /** a·x + b with constants a, b. */
    static Var affine(Var x, double a, double b) {
        return Var.record(OpProfile.start(), Double.NaN, x.value().affine(a, b), "affine", (g, n) -> new Var[]{g.mul(a)}, x);
    }

    /** x^p for a constant exponent p. */
    static Var pow(Var x, double p) {
        if (p == 1.0) return x;
        if (p == 2.0) return square(x);
        return Var.record(OpProfile.start(), Double.NaN, x.value().pow(p), "pow", (g, n) -> new Var[]{g.mul(x.pow(p - 1.0)).mul(p)}, x);
    }

    static Var maximum(Var a, Var b) {
        sameDtype("maximum", a, b);
        int timer = OpProfile.start();
        Tensor mask = a.value().binary(BinaryOp.GE, b.value());          // 1 where a wins (ties go to a)
        Var m = Var.constant(mask), nm = Var.constant(mask.affine(-1, 1));
        return Var.record(timer, Double.NaN, a.value().maximum(b.value()), "maximum",
                (g, n) -> new Var[]{n[0] ? g.mul(m).sumTo(a.shape()) : null, n[1] ? g.mul(nm).sumTo(b.shape()) : null}, a, b);
    }

    static Var minimum(Var a, Var b) {
        sameDtype("minimum", a, b);
        int timer = OpProfile.start();
        Tensor mask = a.value().binary(BinaryOp.LE, b.value());
        Var m = Var.constant(mask), nm = Var.constant(mask.affine(-1, 1));
        return Var.record(timer, Double.NaN, a.value().minimum(b.value()), "minimum",
                (g, n) -> new Var[]{n[0] ? g.mul(m).sumTo(a.shape()) : null, n[1] ? g.mul(nm).sumTo(b.shape()) : null}, a, b);
    }

    static Var where(Tensor cond, Var a, Var b) {
        sameDtype("where", a, b);
        int timer = OpProfile.start();
        Tensor c = cond.to(a.dtype());
        Var zero = a.constantLike(0.0);
        return Var.record(timer, Double.NaN, a.value().where(c, b.value()), "where", (g, n) -> new Var[]{
                n[0] ? g.where(c, zero).sumTo(a.shape()) : null,
                n[1] ? zero.where(c, g).sumTo(b.shape()) : null}, a, b);
    }

    // ---------------------------------------------------------------- unary; y is the output where the rule uses it
    static Var exp(Var x) {
        Var[] y = new Var[1];
        y[0] = Var.record(OpProfile.start(), Double.NaN, x.value().exp(), "exp", (g, n) -> new Var[]{g.mul(y[0])}, x);
        return y[0];
    }

    static Var log(Var x) { return Var.record(OpProfile.start(), Double.NaN, x.value().log(), "log", (g, n) -> new Var[]{g.div(x)}, x); }

    static Var sqrt(Var x) {
        Var[] y = new Var[1];
        y[0] = Var.record(OpProfile.start(), Double.NaN, x.value().sqrt(), "sqrt", (g, n) -> new Var[]{g.div(y[0]).mul(0.5)}, x);
        return y[0];
    }

    static Var rsqrt(Var x) {
        Var[] y = new Var[1];
        y[0] = Var.record(OpProfile.start(), Double.NaN, x.value().rsqrt(), "rsqrt", (g, n) -> new Var[]{g.mul(y[0].square().mul(y[0])).mul(-0.5)}, x);
        return y[0];
    }

    static Var reciprocal(Var x) {
        Var[] y = new Var[1];
        y[0] = Var.record(OpProfile.start(), Double.NaN, x.value().reciprocal(), "reciprocal", (g, n) -> new Var[]{g.mul(y[0].square()).neg()}, x);
        return y[0];
    }

    static Var square(Var x) { return Var.record(OpProfile.start(), Double.NaN, x.value().square(), "square", (g, n) -> new Var[]{g.mul(x).mul(2.0)}, x); }

    static Var sin(Var x) { return Var.record(OpProfile.start(), Double.NaN, x.value().sin(), "sin", (g, n) -> new Var[]{g.mul(x.cos())}, x); }

    static Var cos(Var x) { return Var.record(OpProfile.start(), Double.NaN, x.value().cos(), "cos", (g, n) -> new Var[]{g.mul(x.sin()).neg()}, x); }

    /** y = c·tanh(x); y' = c·(1 − tanh²) = c − y²/c. */
    static Var tanh(Var x, double c) {
        Var[] y = new Var[1];
        y[0] = Var.record(OpProfile.start(), Double.NaN, x.value().unary(UnaryOp.TANH, c), "tanh", (g, n) -> new Var[]{g.mul(y[0].square().affine(-1 / c, c))}, x);
        return y[0];
    }

    /** σ' = σ(1 − σ). */
    static Var sigmoid(Var x) {
        Var[] y = new Var[1];
        y[0] = Var.record(OpProfile.start(), Double.NaN, x.value().sigmoid(), "sigmoid", (g, n) -> new Var[]{g.mul(y[0].mul(y[0].affine(-1, 1)))}, x);
        return y[0];
    }

    /**
     * c·silu(x), silu(x) = x·σ(x); the derivative c·silu' = c·σ·(1 + x·(1 − σ)) is one op ({@link #siluGrad}),
     * and for c = 1 on a device the whole backward g·silu'(x) is one ({@link #siluBackward}).
     */
    static Var silu(Var x, double c) {
        return Var.record(OpProfile.start(), Double.NaN, x.value().unary(UnaryOp.SILU, c), "silu", (g, n) -> new Var[]{
                c == 1.0 && x.value().backend().launchBound() ? siluBackward(g, x) : g.mul(siluGrad(x, c))}, x);
    }

    /** c·silu'(x) = c·σ·(1 + x·(1 − σ)); its derivative is c·silu''. */
    static Var siluGrad(Var x, double c) {
        return Var.record(OpProfile.start(), Double.NaN, x.value().unary(UnaryOp.SILU_GRAD, c), "silu_grad", (g, n) -> {
            Var d2 = siluSecond(x);
            return new Var[]{g.mul(c == 1.0 ? d2 : d2.mul(c))};
        }, x);
    }

    /** g·silu'(x) in one op; ∂/∂g is the same op on the upstream gradient u, ∂/∂x = u·g·silu''(x). */
    static Var siluBackward(Var g, Var x) {
        sameDtype("silu_backward", g, x);
        return Var.record(OpProfile.start(), Double.NaN, g.value().binary(BinaryOp.SILU_BACKWARD, x.value()), "silu_backward", (u, n) -> new Var[]{
                n[0] ? siluBackward(u, x) : null,
                n[1] ? u.mul(g).mul(siluSecond(x)).sumTo(x.shape()) : null}, g, x);
    }

    /**
     * silu''(x) = σ(1 − σ)·(2 + x·(1 − 2σ)) in one op (the double backward of silu: forces in a training loss), where
     * the chain of seven ops it replaces wrote seven edge-sized tensors.
     */
    static Var siluSecond(Var x) {
        return Var.record(OpProfile.start(), Double.NaN, x.value().unary(UnaryOp.SILU_SECOND), "silu_second",
                (g, n) -> new Var[]{g.mul(siluThird(x))}, x);
    }

    /** silu'''(x) = t·(a·(3 + x·a) − 2x·t), t = σ(1 − σ), a = 1 − 2σ; built from ops (needed at third order only). */
    private static Var siluThird(Var x) {
        Var s = x.sigmoid(), t = s.mul(s.affine(-1, 1)), a = s.affine(-2, 1);
        return t.mul(a.mul(x.mul(a).add(3.0)).sub(x.mul(t).mul(2.0)));
    }

    /** softplus' = σ. */
    static Var softplus(Var x) { return Var.record(OpProfile.start(), Double.NaN, x.value().softplus(), "softplus", (g, n) -> new Var[]{g.mul(x.sigmoid())}, x); }

    static Var abs(Var x) {
        int timer = OpProfile.start();
        Var sign = Var.constant(x.value().sign());
        return Var.record(timer, Double.NaN, x.value().abs(), "abs", (g, n) -> new Var[]{g.mul(sign)}, x);
    }

    static Var relu(Var x) {
        int timer = OpProfile.start();
        Var mask = Var.constant(x.value().sign().relu());
        return Var.record(timer, Double.NaN, x.value().relu(), "relu", (g, n) -> new Var[]{g.mul(mask)}, x);
    }
}
