package org.jnequip.e3;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.jnequip.autograd.Var;

/**
 * A scalar activation normalised as in e3nn ({@code normalize2mom}): x ↦ cst·f(x) with
 * cst = E[f(z)²]^(−1/2), z ~ N(0,1), taken from {@link Normalize2Mom#cst} (e3nn's Monte Carlo value); when
 * |cst − 1| &lt; 1e-4 f is used unscaled. Names: silu, ssp (shifted softplus, softplus − ln 2), tanh, sigmoid,
 * abs, relu.
 *
 * <p>Parity (e3nn's test on [0, 10]): +1 when f(−x) = f(x), −1 when f(−x) = −f(x), else 0. An odd scalar (0o)
 * stays odd under an odd f and becomes even (0e) under an even f; a neither-parity f on 0o is an error.
 *
 * {@snippet :
 * Var y = Activation.of("silu").apply(x);   // 1.6791767923989418 · silu(x)
 * }
 */
public final class Activation {
    /** Activation names by input parity, NequIP's {@code nonlinearity_scalars} / {@code nonlinearity_gates}. */
    public record ByParity(String even, String odd) {
        /** The activation for a scalar of parity p. */
        public Activation forParity(int p) { return of(p == 1 ? even : odd); }
    }

    private static final double LN2 = Math.log(2);

    private final String name;
    private final double factor;
    private final int parity;

    private Activation(String name) {
        this.name = name;
        this.factor = Normalize2Mom.factor(name);
        DoubleUnaryOperator f = Normalize2Mom.activation(name);
        double even = 0, odd = 0;
        for (int i = 0; i < 256; i++) {
            double x = 10.0 * i / 255, a = f.applyAsDouble(x), b = f.applyAsDouble(-x);
            even = Math.max(even, Math.abs(a - b));
            odd = Math.max(odd, Math.abs(a + b));
        }
        this.parity = even < 1e-5 ? 1 : odd < 1e-5 ? -1 : 0;
    }

    /** The named, normalised activation (IllegalArgumentException listing the known names otherwise). */
    public static Activation of(String name) {
        if (name == null) throw new IllegalArgumentException("Activation: name is null");
        String n = name.strip().toLowerCase(Locale.ROOT);
        Normalize2Mom.activation(n);                     // validates the name
        return new Activation(n);
    }

    public String name() { return name; }
    /** The factor applied: cst, or 1 when e3nn treats the activation as already normalised. */
    public double factor() { return factor; }
    /** +1 even, −1 odd, 0 neither. */
    public int parity() { return parity; }

    /** Parity of the output for an input scalar of parity p (e3nn Activation); throws when f breaks parity. */
    public int outputParity(int p) {
        if (p == 1) return 1;
        if (parity == 0) throw new IllegalArgumentException("Activation '" + name + "': the parity is violated, the input scalar is odd (0o) but the activation is neither even nor odd");
        return parity;
    }

    /** factor · f(x), elementwise, differentiable to any order. */
    public Var apply(Var x) {
        double c = factor;
        return switch (name) {
            case "silu" -> x.silu(c);
            case "ssp" -> x.softplus().affine(c, -c * LN2);
            case "tanh" -> x.tanh(c);
            case "sigmoid" -> scale(x.sigmoid(), c);
            case "abs" -> scale(x.abs(), c);
            case "relu" -> scale(x.relu(), c);
            default -> throw new IllegalStateException("Activation: no op for '" + name + "'");
        };
    }

    private static Var scale(Var y, double c) { return c == 1.0 ? y : y.mul(c); }

    /**
     * f(x) without the factor, for a caller that folds {@link #factor} into a following linear map
     * (apply(x) = factor · raw(x)); null for ssp, whose normalisation also shifts.
     */
    public Var raw(Var x) {
        return switch (name) {
            case "silu" -> x.silu();
            case "tanh" -> x.tanh();
            case "sigmoid" -> x.sigmoid();
            case "abs" -> x.abs();
            case "relu" -> x.relu();
            default -> null;
        };
    }

    @Override
    public String toString() { return name + (factor == 1.0 ? "" : String.format(Locale.ROOT, "×%.6f", factor)); }
}
