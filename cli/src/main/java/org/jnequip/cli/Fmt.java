package org.jnequip.cli;

import java.util.Locale;

/** Number formatting for console output: energies in meV, forces in meV/Å, durations as h:mm:ss. */
final class Fmt {
    private Fmt() {}

    static String f(String pattern, Object... args) { return String.format(Locale.ROOT, pattern, args); }

    /** eV → "12.3 meV" style with three significant digits. */
    static String milli(Double ev) {
        if (ev == null || ev.isNaN()) return "-";
        double m = ev * 1000;
        return Math.abs(m) >= 100 ? f("%.0f", m) : Math.abs(m) >= 10 ? f("%.1f", m) : f("%.2f", m);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? f("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : f("%d:%02d", s / 60, s % 60);
    }

    /** A short time: "1.92 s", "0.874 ms", "35.1 µs". */
    static String seconds(double s) { return s >= 1 ? f("%.2f s", s) : s >= 1e-3 ? f("%.3g ms", s * 1e3) : f("%.3g µs", s * 1e6); }

    static String sci(Double v) { return v == null ? "-" : f("%.3e", v); }
}
