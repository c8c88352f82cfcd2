package org.jnequip.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.jnequip.nequip.plot.LearningCurve;
import org.jnequip.nequip.train.MetricsLog;
import org.jnequip.nequip.train.TrainListener;

/**
 * Console output of a training run: setup messages, one line per epoch (learning rate, losses, validation
 * energy and force MAE in meV and meV/Å, the epoch's time, "best" when the metric improved) and, inside epochs that take longer than two seconds, a
 * progress bar with ETA on the terminal. After each epoch it redraws the learning-curve PNG. It times the training
 * steps (validation excluded), and the last line gives their median.
 */
final class ConsoleListener implements TrainListener {
    private final PrintStream out, err;
    private final boolean quiet, terminal;
    private final Path metricsCsv, curvePng;
    private double lastBar = -1;
    private boolean barShown;
    private volatile int lastEpoch = -1;
    private final RecentTimes steps = new RecentTimes();
    private double lastStepEnd;                 // seconds into the epoch when its last step ended (0 at its start)

    ConsoleListener(PrintStream out, PrintStream err, boolean quiet, Path metricsCsv, Path curvePng) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
        this.terminal = Progress.stderrIsTerminal();
        this.metricsCsv = metricsCsv;
        this.curvePng = curvePng;
    }

    @Override public void message(String line) { if (!quiet) out.println(line); }

    @Override
    public void batch(int epoch, int done, int total, double seconds) {
        steps.add(seconds - lastStepEnd);
        lastStepEnd = seconds;
        if (quiet || seconds < (terminal ? 2 : 30) || done >= total) return;       // logs: only epochs longer than 30 s
        double every = terminal ? 0.25 : 30;
        if (lastBar >= 0 && seconds - lastBar < every) return;
        lastBar = seconds;
        double eta = seconds / done * (total - done);
        int width = 30, fill = (int) Math.round((double) width * done / total);
        String bar = Fmt.f("  epoch %d [%s%s] %d/%d frames, %s elapsed, ETA %s", epoch, "=".repeat(fill), " ".repeat(width - fill),
                done, total, Fmt.duration(seconds), Fmt.duration(eta));
        if (terminal) { err.print("\r" + bar); barShown = true; }
        else err.println(bar.strip());
        err.flush();
    }

    @Override
    public void epoch(int epoch, Map<String, Double> m, boolean best) {
        lastEpoch = epoch;
        lastStepEnd = 0;
        if (barShown) { err.print("\r" + " ".repeat(100) + "\r"); err.flush(); barShown = false; }
        lastBar = -1;
        if (!quiet) {
            out.println(Fmt.f("epoch %4d | lr %.2e | train loss %s | val loss %s | E/N MAE %s meV | F MAE %s meV/Å | time %s%s",
                    epoch, m.get("LR"), Fmt.sci(m.get("training_loss")), Fmt.sci(m.get("validation_loss")),
                    Fmt.milli(m.get("validation_e/N_mae")), Fmt.milli(m.get("validation_f_mae")),
                    Fmt.duration(m.getOrDefault("wall", 0.0)), best ? " | best" : ""));
            out.flush();
        }
        try {
            LearningCurve.write(MetricsLog.read(metricsCsv), curvePng);
        } catch (IOException | RuntimeException e) {
            err.println("warning: " + (e.getMessage() != null && e.getMessage().startsWith(curvePng.toString()) ? e.getMessage()
                    : "could not draw " + curvePng + ": " + e.getMessage()));
        }
    }

    /** The last epoch reported (its checkpoint is written), or -1; read by the interruption hook's thread. */
    int lastEpoch() { return lastEpoch; }

    /** The training steps' times (forward, backward, gradient sum, update). */
    RecentTimes steps() { return steps; }

    @Override
    public void finished(String reason) {
        if (!quiet) out.println("stopped: " + reason + (steps.count() > 0 ? Fmt.f(" (%d training steps, median %s)", steps.count(), Fmt.seconds(steps.median())) : ""));
    }
}
