package org.jnequip.nequip.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.nequip.io.Json;

/**
 * The scalar part of a training checkpoint: where the run is and everything besides the weight-shaped
 * tensors that must be restored to continue bit for bit (learning-rate schedule, optimiser step count, EMA
 * update count, RNG state, best metric, early-stopping counters, accumulated wall time).
 *
 * @param epoch          last completed epoch (0 = only the initial validation)
 * @param earlyStopping  per watched metric {best, epochs without improvement}
 */
public record TrainState(int epoch, double lr, double schedulerBest, int schedulerBad, long optimizerStep, long emaUpdates,
                         long rngSeed, long rngCounter, double bestMetric, int bestEpoch, double cumulativeWall,
                         Map<String, double[]> earlyStopping) {

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", (long) epoch);
        m.put("lr", lr);
        m.put("scheduler_best", schedulerBest);
        m.put("scheduler_bad", (long) schedulerBad);
        m.put("optimizer_step", optimizerStep);
        m.put("ema_updates", emaUpdates);
        m.put("rng_seed", rngSeed);
        m.put("rng_counter", rngCounter);
        m.put("best_metric", bestMetric);
        m.put("best_epoch", (long) bestEpoch);
        m.put("cumulative_wall", cumulativeWall);
        Map<String, Object> es = new LinkedHashMap<>();
        earlyStopping.forEach((k, v) -> es.put(k, List.of(v[0], v[1])));
        m.put("early_stopping", es);
        return Json.write(m);
    }

    public static TrainState fromJson(String json) {
        Map<String, Object> m = Json.obj(Json.parse(json));
        Map<String, double[]> es = new LinkedHashMap<>();
        Json.obj(m.get("early_stopping")).forEach((k, v) -> {
            List<Object> l = Json.arr(v);
            es.put(k, new double[]{Json.num(l.get(0)), Json.num(l.get(1))});
        });
        return new TrainState(i(m, "epoch"), d(m, "lr"), d(m, "scheduler_best"), i(m, "scheduler_bad"), l(m, "optimizer_step"),
                l(m, "ema_updates"), l(m, "rng_seed"), l(m, "rng_counter"), d(m, "best_metric"), i(m, "best_epoch"),
                d(m, "cumulative_wall"), es);
    }

    private static Object need(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (!(v instanceof Number)) throw new IllegalArgumentException("checkpoint state: '" + k + "' missing or not a number");
        return v;
    }

    private static double d(Map<String, Object> m, String k) { return ((Number) need(m, k)).doubleValue(); }

    private static long l(Map<String, Object> m, String k) {
        if (!(need(m, k) instanceof Long v)) throw new IllegalArgumentException("checkpoint state: '" + k + "' is not an integer");
        return v;
    }

    private static int i(Map<String, Object> m, String k) { return (int) l(m, k); }
}
