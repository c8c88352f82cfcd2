package org.jnequip.nequip.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * "Nice" axis ticks: steps of 1, 2 or 5 × 10^k chosen so that about {@code target} ticks cover [lo, hi];
 * for a log axis, the powers of ten (with 2 and 5 in between when the range spans few decades).
 */
final class Ticks {
    private Ticks() {}

    static double niceStep(double range, int target) {
        double raw = range / Math.max(1, target);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
    }

    static List<Double> linear(double lo, double hi, int target) { return linear(lo, hi, target, 0); }

    /** Linear ticks with a step of at least {@code minStep} (1 for integer axes such as epochs). */
    static List<Double> linear(double lo, double hi, int target, double minStep) {
        List<Double> t = new ArrayList<>();
        if (!(hi > lo)) { t.add(lo); return t; }
        double step = Math.max(niceStep(hi - lo, target), minStep);
        java.math.BigDecimal s = java.math.BigDecimal.valueOf(step);      // k·step in decimal: 3 × 0.2 = 0.6, not 0.6000000000000001
        for (long k = (long) Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) t.add(s.multiply(java.math.BigDecimal.valueOf(k)).doubleValue());
        return t;
    }

    /** Ticks of a log10 axis over [lo, hi] (values, not exponents). */
    static List<Double> log(double lo, double hi) {
        List<Double> t = new ArrayList<>();
        int a = (int) Math.floor(Math.log10(lo)), b = (int) Math.ceil(Math.log10(hi));
        double[] mult = b - a <= 2 ? new double[]{1, 2, 5} : new double[]{1};
        for (int e = a; e <= b; e++)
            for (double m : mult) {
                double v = m * Math.pow(10, e);
                if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) t.add(v);
            }
        return t;
    }

    /** Short label: plain for moderate magnitudes, scientific otherwise. */
    static String label(double v) {
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            String s = String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "");
            return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        }
        String s = String.format(Locale.ROOT, "%.1e", v);
        return s.replace(".0e", "e").replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
    }
}
