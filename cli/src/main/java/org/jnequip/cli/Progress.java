package org.jnequip.cli;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long job with an ETA, on stderr. On a terminal: a bar redrawn in place (carriage return), at most
 * five times a second. Otherwise (stderr redirected to a log): a plain line at most every 30 s, the first after
 * 30 s, so a log holds no control characters and a short job adds nothing to it.
 */
final class Progress {
    private static final long TERMINAL_NS = 200_000_000L, LOG_NS = 30_000_000_000L;
    private final String label, unit;
    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw = start;
    private boolean drawn;

    /** {@code unit} names what is counted ("steps", "frames"). */
    Progress(String label, String unit, PrintStream out, boolean terminal) {
        this.label = label;
        this.unit = unit;
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * Whether stderr is a terminal: the launcher says so ({@code -Djnequip.stderr.terminal}, since it filters
     * stderr through a pipe); otherwise the JVM's console, which is there only when the streams are a terminal.
     */
    static boolean stderrIsTerminal() {
        String p = System.getProperty("jnequip.stderr.terminal");
        if (p != null) return Boolean.parseBoolean(p);
        Console c = System.console();
        return c != null && c.isTerminal();
    }

    void update(long done, long total) {
        long now = System.nanoTime();
        if (now - lastDraw < (terminal ? TERMINAL_NS : LOG_NS) && !(terminal && done >= total)) return;
        lastDraw = now;
        double elapsed = (now - start) * 1e-9, eta = done > 0 ? elapsed / done * (total - done) : Double.NaN;
        if (terminal) {
            int width = 30, filled = total > 0 ? (int) (width * done / total) : width;
            out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d %s  ETA %s   ", label, "#".repeat(filled), ".".repeat(width - filled), done, total, unit, eta(eta));
            drawn = true;
        } else {
            out.printf(Locale.ROOT, "%s: %d/%d %s, %s elapsed, ETA %s%n", label, done, total, unit, Fmt.duration(elapsed), eta(eta));
        }
        out.flush();
    }

    /** Ends the bar's line (a terminal only). */
    void finish() {
        if (drawn) out.println();
        drawn = false;
    }

    private static String eta(double s) { return Double.isFinite(s) ? Fmt.duration(s) : "--:--"; }
}
