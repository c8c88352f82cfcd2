package org.jnequip.e3;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;

/**
 * e3nn's {@code normalize2mom}: a scalar activation f is used as cst·f with
 * <pre>  cst = E[f(z)²]^(−1/2),   z ~ N(0, 1) </pre>
 * so that f(z) has unit second moment. e3nn ESTIMATES the expectation with 10⁶ samples of
 * {@code torch.randn(generator=manual_seed(0), dtype=float64)}; this class reproduces that sample exactly
 * ({@link TorchRandn}) and averages with a compensated sum. When |cst − 1| &lt; 1e-4 e3nn uses f unscaled.
 *
 * <p>Values (Monte Carlo as used by e3nn / exact Gaussian integral from {@link #analytic}):
 * silu 1.6791767924 / 1.6765324703; ssp = softplus − ln 2: 1.8782046685 / 1.8755962561;
 * tanh 1.5937334473 / 1.5925374197; sigmoid 1.8467055342 / 1.8462285453; abs 1.0011106008 / 1 (so abs
 * is NOT the identity); relu 1.4163393446 / √2.
 *
 * {@snippet :
 * double c = Normalize2Mom.cst("silu");   // 1.6791767923989418
 * }
 */
public final class Normalize2Mom {
    private Normalize2Mom() {}

    /** Number of Monte Carlo samples e3nn uses. */
    public static final int SAMPLES = 1_000_000;
    private static final double LN2 = Math.log(2);
    private static final ConcurrentHashMap<String, Double> CACHE = new ConcurrentHashMap<>();

    /** The activation by name: silu, ssp, tanh, sigmoid, abs, relu (torch's formulas). */
    public static DoubleUnaryOperator activation(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "silu" -> x -> x / (1 + Math.exp(-x));
            case "ssp" -> x -> softplus(x) - LN2;
            case "tanh" -> Math::tanh;
            case "sigmoid" -> x -> 1 / (1 + Math.exp(-x));
            case "abs" -> Math::abs;
            case "relu" -> x -> Math.max(x, 0);
            default -> throw new IllegalArgumentException("Normalize2Mom: unknown activation '" + name
                    + "' (known: silu, ssp, tanh, sigmoid, abs, relu)");
        };
    }

    /** torch softplus (beta 1, threshold 20). */
    static double softplus(double x) { return x > 20 ? x : Math.log1p(Math.exp(x)); }

    /** e3nn's Monte Carlo cst for a named activation (cached). */
    public static double cst(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        DoubleUnaryOperator f = activation(key);
        return CACHE.computeIfAbsent(key, k -> monteCarlo(f));
    }

    /** e3nn's rule: the scaling is skipped when |cst − 1| &lt; 1e-4. */
    public static boolean isIdentity(String name) { return Math.abs(cst(name) - 1) < 1e-4; }

    /** The factor actually applied: 1 when {@link #isIdentity}, else {@link #cst}. */
    public static double factor(String name) { return isIdentity(name) ? 1 : cst(name); }

    /** E[f(z)²]^(−1/2) over torch's seed-0 float64 sample of 10⁶ normals. */
    public static double monteCarlo(DoubleUnaryOperator f) {
        double[] z = TorchRandn.randn(SAMPLES, 0);
        double s = 0, c = 0;   // Neumaier-compensated sum
        for (double v : z) {
            double y = f.applyAsDouble(v);
            double t = y * y, u = s + t;
            c += Math.abs(s) >= Math.abs(t) ? (s - u) + t : (t - u) + s;
            s = u;
        }
        return 1 / Math.sqrt((s + c) / z.length);
    }

    /** The exact E[f(z)²]^(−1/2) (trapezoid rule on [−40, 40], h = 1e-3), for comparison. */
    public static double analytic(String name) {
        DoubleUnaryOperator f = activation(name);
        double h = 1e-3, s = 0;
        int n = 40_000;
        for (int i = -n; i <= n; i++) {
            double x = i * h, y = f.applyAsDouble(x);
            s += (Math.abs(i) == n ? 0.5 : 1) * y * y * Math.exp(-0.5 * x * x);
        }
        return 1 / Math.sqrt(s * h / Math.sqrt(2 * Math.PI));
    }
}
