package org.jnequip.autograd;

import java.util.Arrays;
import java.util.function.Function;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;

/**
 * Central finite-difference checks of the tape in float64, at first and second order.
 *
 * <p>First order: for h(x) = Σ r ⊙ f(x) with a fixed random cotangent r, compares ∂h/∂x from the tape with
 * (h(x + εe) − h(x − εe)) / 2ε for every element. Second order: for s(x) = Σ_i ⟨c_i, ∂h/∂x_i⟩ (gradients
 * taken with {@code createGraph=true}), compares ∂s/∂x from the tape with finite differences of s.
 * A failure message names the input, the element, and both values.
 *
 * {@snippet :
 * GradCheck.check(x -> x[0].tanh().mul(x[1]), 2, a, b);   // order 1 and 2 for f(a, b) = tanh(a)·b
 * GradCheck.check(f, 2, new GradCheck.Tolerance(1e-5, 1e-5, 1e-4), a, b);   // a looser check for a stiff f
 * }
 */
public final class GradCheck {
    private GradCheck() {}

    /**
     * Step ε of the central differences, and the test |numeric − analytic| ≤ atol + rtol·max(|numeric|, |analytic|).
     */
    public record Tolerance(double eps, double atol, double rtol) {
        public static final Tolerance DEFAULT = new Tolerance(1e-6, 1e-6, 1e-5);

        public Tolerance {
            if (!(eps > 0) || !(atol >= 0) || !(rtol >= 0))
                throw new IllegalArgumentException("GradCheck.Tolerance: need eps > 0, atol >= 0, rtol >= 0, got " + eps + ", " + atol + ", " + rtol);
        }
    }

    /** Checks first order, and second order too when {@code order >= 2}, with {@link Tolerance#DEFAULT}. Inputs must be float64. */
    public static void check(Function<Var[], Var> f, int order, Tensor... inputs) { check(f, order, Tolerance.DEFAULT, inputs); }

    /** The same with another tolerance. */
    public static void check(Function<Var[], Var> f, int order, Tolerance tol, Tensor... inputs) {
        for (Tensor t : inputs) if (t.dtype() != DType.F64) throw new IllegalArgumentException("GradCheck needs float64 inputs");
        Rng rng = new Rng(12345);
        Tensor r;
        try (var ng = GradMode.noGrad()) {
            Var[] c = constants(inputs);
            r = rng.normal(DType.F64, f.apply(c).shape());
        }
        Function<Var[], Var> h = x -> f.apply(x).mul(Var.constant(r)).sum();
        compare("order 1", h, tol, inputs);
        if (order >= 2) {
            Tensor[] cs = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) cs[i] = rng.normal(DType.F64, inputs[i].shape());
            Function<Var[], Var> s = x -> {
                Var[] g = Tape.grad(new Var[]{h.apply(x)}, x, null, true);
                Var acc = null;
                for (int i = 0; i < g.length; i++) {
                    Var term = g[i].mul(Var.constant(cs[i])).sum();
                    acc = acc == null ? term : acc.add(term);
                }
                return acc;
            };
            compare("order 2", s, tol, inputs);
        }
    }

    private static Var[] constants(Tensor[] xs) {
        Var[] v = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) v[i] = Var.constant(xs[i]);
        return v;
    }

    private static Var[] params(Tensor[] xs) {
        Var[] v = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) v[i] = Var.param(xs[i]);
        return v;
    }

    /** Analytic gradient of scalar function h versus central differences, input by input, element by element. */
    private static void compare(String label, Function<Var[], Var> h, Tolerance t, Tensor[] inputs) {
        Var[] x = params(inputs);
        Var out = h.apply(x);
        if (out.numel() != 1) throw new IllegalArgumentException("GradCheck: function must be scalar");
        Var[] g = out.requiresGrad() ? Tape.grad(new Var[]{out}, x, null, false) : zeros(x);
        for (int i = 0; i < inputs.length; i++) {
            double[] base = inputs[i].toDoubleArray();
            double[] analytic = g[i].value().toDoubleArray();
            for (int e = 0; e < base.length; e++) {
                double num = (eval(h, inputs, i, base, e, +t.eps()) - eval(h, inputs, i, base, e, -t.eps())) / (2 * t.eps());
                double tol = t.atol() + t.rtol() * Math.max(Math.abs(num), Math.abs(analytic[e]));
                if (!(Math.abs(num - analytic[e]) <= tol)) {
                    throw new AssertionError(String.format("GradCheck %s failed: input %d (shape %s), element %d: analytic %.10g vs numeric %.10g (|diff| %.3g > tol %.3g)",
                            label, i, Arrays.toString(inputs[i].shape()), e, analytic[e], num, Math.abs(num - analytic[e]), tol));
                }
            }
        }
    }

    private static Var[] zeros(Var[] x) {
        Var[] z = new Var[x.length];
        for (int i = 0; i < x.length; i++) z[i] = x[i].zerosLike();
        return z;
    }

    private static double eval(Function<Var[], Var> h, Tensor[] inputs, int which, double[] base, int e, double d) {
        Tensor[] xs = inputs.clone();
        double[] p = base.clone();
        p[e] += d;
        xs[which] = Tensor.of(p, inputs[which].shape());
        Var[] v = params(xs);  // params so that second-order functions can take gradients inside
        return h.apply(v).item();
    }
}
