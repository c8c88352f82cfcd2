package org.jnequip.nequip.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Early stopping as in nequip: stop when a watched metric has not improved by more than its delta for
 * {@code patience} epochs ({@code early_stopping_patiences}), falls below a lower bound
 * ({@code early_stopping_lower_bounds}, e.g. LR &lt; 1e-5) or rises above an upper bound
 * ({@code early_stopping_upper_bounds}, e.g. cumulative_wall in seconds).
 */
public final class EarlyStopping {
    private final Map<String, Integer> patiences;
    private final Map<String, Double> deltas, lower, upper;
    private final Map<String, Double> best = new LinkedHashMap<>();
    private final Map<String, Integer> bad = new LinkedHashMap<>();

    public EarlyStopping(Map<String, Integer> patiences, Map<String, Double> deltas, Map<String, Double> lower, Map<String, Double> upper) {
        this.patiences = Map.copyOf(patiences);
        this.deltas = Map.copyOf(deltas);
        this.lower = Map.copyOf(lower);
        this.upper = Map.copyOf(upper);
    }

    /** Checks the epoch's metrics; returns the reason to stop, or null to go on. */
    public String check(Map<String, Double> metrics) {
        String reason = null;
        for (var e : patiences.entrySet()) {
            String k = e.getKey();
            Double v = metrics.get(k);
            if (v == null) continue;
            double d = deltas.getOrDefault(k, 0.0);
            Double b = best.get(k);
            if (b == null || v < b - d) {
                best.put(k, v);
                bad.put(k, 0);
            } else {
                int n = bad.merge(k, 1, Integer::sum);
                if (n >= e.getValue() && reason == null) reason = k + " has not improved for " + n + " epochs (patience " + e.getValue() + ")";
            }
        }
        for (var e : lower.entrySet()) {
            Double v = metrics.get(e.getKey());
            if (v != null && v < e.getValue() && reason == null) reason = e.getKey() + " = " + v + " is below the lower bound " + e.getValue();
        }
        for (var e : upper.entrySet()) {
            Double v = metrics.get(e.getKey());
            if (v != null && v > e.getValue() && reason == null) reason = e.getKey() + " = " + v + " is above the upper bound " + e.getValue();
        }
        return reason;
    }

    /** State for checkpoints: per watched key, best value and epochs without improvement. */
    public Map<String, double[]> state() {
        Map<String, double[]> s = new LinkedHashMap<>();
        best.forEach((k, v) -> s.put(k, new double[]{v, bad.getOrDefault(k, 0)}));
        return s;
    }

    public void restore(Map<String, double[]> state) {
        best.clear();
        bad.clear();
        state.forEach((k, a) -> { best.put(k, a[0]); bad.put(k, (int) a[1]); });
    }
}
