package org.jnequip.nequip.train;

import java.util.Map;

/** Progress callbacks of a {@link Trainer} (console output, plots). All methods default to doing nothing. */
public interface TrainListener {
    /** Free-form setup information (data sizes, statistics, model summary). */
    default void message(String line) {}

    /** After each training batch of an epoch; {@code seconds} since the epoch began. */
    default void batch(int epoch, int done, int total, double seconds) {}

    /** After each epoch's validation; {@code best} when the metrics key improved (best model written). */
    default void epoch(int epoch, Map<String, Double> metrics, boolean best) {}

    /** When training stops, with the reason. */
    default void finished(String reason) {}
}
