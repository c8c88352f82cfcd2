package org.jnequip.nequip.train;

/**
 * ReduceLROnPlateau (torch semantics, mode "min", relative threshold): after each validation,
 * <pre>
 *   if metric < best·(1 − threshold):  best ← metric, bad ← 0   else bad ← bad + 1
 *   if bad > patience:  lr ← max(lr·factor, minLr), bad ← 0
 * </pre>
 * The paper's Methods use factor 0.8 and patience 50. A scheduler built with {@code enabled = false} keeps
 * the learning rate constant. State (lr, best, bad) is saved in checkpoints.
 */
public final class PlateauScheduler {
    private final boolean enabled;
    private final double factor, threshold, minLr;
    private final int patience;
    private double lr, best = Double.POSITIVE_INFINITY;
    private int bad;

    public PlateauScheduler(boolean enabled, double lr, double factor, int patience, double threshold, double minLr) {
        if (enabled && !(factor > 0 && factor < 1)) throw new IllegalArgumentException("lr_scheduler_factor: must be in (0, 1), got " + factor);
        if (patience < 0) throw new IllegalArgumentException("lr_scheduler_patience: must be >= 0, got " + patience);
        this.enabled = enabled;
        this.lr = lr;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.minLr = minLr;
    }

    public double lr() { return lr; }
    public double best() { return best; }
    public int badEpochs() { return bad; }

    /** Feeds one validation metric; returns true when the learning rate was reduced. */
    public boolean step(double metric) {
        if (!enabled) return false;
        if (metric < best * (1 - threshold)) {
            best = metric;
            bad = 0;
        } else bad++;
        if (bad > patience) {
            double next = Math.max(lr * factor, minLr);
            bad = 0;
            if (lr - next > 1e-8) { lr = next; return true; }   // torch's eps
        }
        return false;
    }

    public void restore(double lr, double best, int bad) {
        this.lr = lr;
        this.best = best;
        this.bad = bad;
    }
}
