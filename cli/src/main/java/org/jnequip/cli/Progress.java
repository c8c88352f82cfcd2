package org.jnequip.cli;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line console progress bar with ETA, redrawn in place (carriage return). */
final class Progress {
    private final String label;
    private final PrintStream out;
    private long lastDraw;

    Progress(String label, PrintStream out) { this.label = label; this.out = out; }

    void update(long done, long total, double etaSeconds) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 200_000_000L) return;
        lastDraw = now;
        int width = 30, filled = total > 0 ? (int) (width * done / total) : width;
        out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d  ETA %s   ", label, "#".repeat(filled), ".".repeat(width - filled), done, total, eta(etaSeconds));
        out.flush();
    }

    void finish() { out.println(); }

    static String eta(double s) { return Double.isFinite(s) ? Fmt.duration(s) : "--:--"; }
}
