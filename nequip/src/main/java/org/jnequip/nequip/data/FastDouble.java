package org.jnequip.nequip.data;

/**
 * Decimal text → double, correctly rounded, without allocating for ordinary numbers.
 *
 * <p>Fast path (Clinger 1990): a decimal d₁…d_k × 10^e whose integer mantissa m is below 2^53 and with
 * |e| ≤ 22 is m·10^e or m/10^(−e), a single IEEE operation on two exactly representable doubles, hence
 * correctly rounded. Everything else goes to {@link Double#parseDouble}. Accepted syntax:
 * {@code [+-]digits[.digits][(e|E)[+-]digits]} (also {@code .5}, {@code 5.}); Python's and Java's spellings
 * of NaN and infinity ({@code nan}, {@code inf}, {@code infinity}, {@code NaN}, {@code Infinity}, any case,
 * signed) return NaN/±∞ so callers can report a non-finite value; anything else throws
 * {@link NumberFormatException}.
 */
final class FastDouble {
    private FastDouble() {}

    private static final double[] POW10 = new double[23];
    private static final long MAX_MANTISSA = 1L << 53;

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) { POW10[i] = p; p *= 10; }
    }

    static double parse(CharSequence s, int start, int end) {
        int p = start;
        if (p >= end) throw new NumberFormatException("empty number");
        boolean neg = false;
        char c = s.charAt(p);
        if (c == '+' || c == '-') { neg = c == '-'; p++; }
        long m = 0;
        int exp10 = 0, digits = 0;
        boolean overflow = false;
        while (p < end && (c = s.charAt(p)) >= '0' && c <= '9') {
            if (m < MAX_MANTISSA / 10) m = 10 * m + (c - '0'); else { overflow = true; exp10++; }
            digits++;
            p++;
        }
        if (p < end && s.charAt(p) == '.') {
            p++;
            while (p < end && (c = s.charAt(p)) >= '0' && c <= '9') {
                if (m < MAX_MANTISSA / 10) { m = 10 * m + (c - '0'); exp10--; } else overflow = true;
                digits++;
                p++;
            }
        }
        if (digits == 0) return special(s, start, end);
        if (p < end && ((c = s.charAt(p)) == 'e' || c == 'E')) {
            p++;
            boolean eneg = false;
            if (p < end && ((c = s.charAt(p)) == '+' || c == '-')) { eneg = c == '-'; p++; }
            int es = p, e = 0;
            while (p < end && (c = s.charAt(p)) >= '0' && c <= '9') {
                if (e < 100000) e = 10 * e + (c - '0');
                p++;
            }
            if (p == es) throw bad(s, start, end);
            exp10 += eneg ? -e : e;
        }
        if (p != end) throw bad(s, start, end);
        if (!overflow && m < MAX_MANTISSA && exp10 >= -22 && exp10 <= 22) {
            double v = exp10 >= 0 ? m * POW10[exp10] : m / POW10[-exp10];
            return neg ? -v : v;
        }
        return Double.parseDouble(s.subSequence(start, end).toString());
    }

    private static double special(CharSequence s, int start, int end) {
        String t = s.subSequence(start, end).toString().toLowerCase(java.util.Locale.ROOT);
        boolean neg = t.startsWith("-");
        if (t.startsWith("-") || t.startsWith("+")) t = t.substring(1);
        return switch (t) {
            case "nan" -> Double.NaN;
            case "inf", "infinity" -> neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            default -> throw bad(s, start, end);
        };
    }

    private static NumberFormatException bad(CharSequence s, int start, int end) {
        return new NumberFormatException("not a number: '" + s.subSequence(start, end) + "'");
    }
}
