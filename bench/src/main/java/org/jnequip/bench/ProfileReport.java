package org.jnequip.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jnequip.autograd.OpProfile;

/**
 * The tables of {@code ./jnequip bench --profile}: an {@link OpProfile} of n calls, per call, by op kind and by
 * scope (layer). Ops run inside a backward pass are listed as {@code kind (bwd)}; the backward rules' own
 * work (what they do besides their ops) is one line, {@link #RULES}. Each table is sorted by time and ends with the
 * profiler's bookkeeping, the garbage-collection pauses that struck inside ops (taken out of those ops), the
 * unattributed time (tape and glue code outside ops, host copies) and the wall time, which the rows above add up to.
 */
public final class ProfileReport {
    private ProfileReport() {}

    /** One aggregated line of a table. */
    public record Line(String name, long calls, long nanos, double flops, long bytes, long allocated) {
        Line plus(OpProfile.Row r) {
            double f = Double.isNaN(flops) ? r.flops() : Double.isNaN(r.flops()) ? flops : flops + r.flops();
            return new Line(name, calls + r.calls(), nanos + r.nanos(), f, bytes + r.bytes(), allocated + r.allocated());
        }
    }

    /** The line that sums every backward rule's own work (the glue around the ops it runs). */
    public static final String RULES = "backward rules (own work)";

    /** Rows summed by op kind (backward-phase ops as "kind (bwd)", rules' own work as {@link #RULES}), most time first. */
    public static List<Line> byKind(OpProfile p) {
        return group(p, r -> r.kind().endsWith(".backward") ? RULES : r.phase() == OpProfile.Phase.FORWARD ? r.kind() : r.kind() + " (bwd)");
    }

    /** Rows summed by scope (embedding, interaction k, output head, loss, optimiser, other), most time first. */
    public static List<Line> byScope(OpProfile p) { return group(p, OpProfile.Row::scope); }

    private static List<Line> group(OpProfile p, java.util.function.Function<OpProfile.Row, String> key) {
        Map<String, Line> m = new LinkedHashMap<>();
        for (OpProfile.Row r : p.rows()) {
            String k = key.apply(r);
            m.put(k, m.getOrDefault(k, new Line(k, 0, 0, Double.NaN, 0, 0)).plus(r));
        }
        List<Line> out = new ArrayList<>(m.values());
        out.sort(Comparator.comparingLong(Line::nanos).reversed().thenComparing(Line::name));
        return out;
    }

    /** Σ FLOPs of the rows (NaN-free: ops without FLOPs count 0). */
    public static double totalFlops(OpProfile p) {
        double f = 0;
        for (OpProfile.Row r : p.rows()) if (!Double.isNaN(r.flops())) f += r.flops();
        return f;
    }

    /** Σ FLOPs of the forward-phase rows. */
    public static double forwardFlops(OpProfile p) {
        double f = 0;
        for (OpProfile.Row r : p.rows()) if (r.phase() == OpProfile.Phase.FORWARD && !Double.isNaN(r.flops())) f += r.flops();
        return f;
    }

    /**
     * Prints both tables for a profile of {@code calls} calls, per call; {@code limit} rows of the op-kind table
     * (the rest summed into one line; 0: all). {@code modelFlops}: the bench's FLOP model for one call (NaN: none).
     */
    public static void print(PrintStream out, String title, OpProfile p, int calls, int limit, double modelFlops) {
        double wallMs = p.wallNs() / 1e6 / calls;
        out.printf(Locale.ROOT, "%n%s: op profile, per call (mean of %d profiled call%s; times are self times on the calling thread)%n",
                title, calls, calls == 1 ? "" : "s");
        List<Line> kinds = byKind(p);
        if (limit > 0 && kinds.size() > limit) {
            List<Line> head = new ArrayList<>(kinds.subList(0, limit));
            Line rest = new Line("(" + (kinds.size() - limit) + " other kinds)", 0, 0, Double.NaN, 0, 0);
            for (Line l : kinds.subList(limit, kinds.size()))
                rest = new Line(rest.name, rest.calls + l.calls, rest.nanos + l.nanos,
                        Double.isNaN(rest.flops) ? l.flops : Double.isNaN(l.flops) ? rest.flops : rest.flops + l.flops, rest.bytes + l.bytes, rest.allocated + l.allocated);
            head.add(rest);
            kinds = head;
        }
        table(out, "op kind", kinds, p, calls, wallMs);
        table(out, "scope", byScope(p), p, calls, wallMs);
        double counted = totalFlops(p) / calls;
        out.printf(Locale.ROOT, "  FLOPs counted per op: %.4g GFLOP per call (forward ops %.4g)", counted / 1e9, forwardFlops(p) / calls / 1e9);
        if (!Double.isNaN(modelFlops)) out.printf(Locale.ROOT, "; the bench's FLOP model: %.4g GFLOP (3× its forward, %.4g)", modelFlops / 1e9, modelFlops / 3e9);
        out.printf(Locale.ROOT, "%n  activations on the tape: %.2f MB; other threads (the pool) allocated %.2f MB per call, not attributed to ops%s%n",
                p.tapeBytes() / 1e6 / calls, p.otherThreadsAllocated() / 1e6 / calls, p.allocationsCounted() ? "" : " (allocation counting unavailable)");
        out.printf(Locale.ROOT, "  garbage collection: %d collection%s in %d call%s, %.1f ms per call (%.1f %% of the wall; the GC row is the part that struck inside ops)%n",
                p.gcCount(), p.gcCount() == 1 ? "" : "s", calls, calls == 1 ? "" : "s", (double) p.gcMillis() / calls, 100.0 * p.gcMillis() / calls / wallMs);
    }

    private static void table(PrintStream out, String what, List<Line> lines, OpProfile p, int calls, double wallMs) {
        int w = Math.max(24, lines.stream().mapToInt(l -> l.name.length()).max().orElse(0) + 1);
        String fmt = "  %-" + w + "s %8s %10s %6s %10s %8s %10s %10s%n";
        out.printf(Locale.ROOT, fmt, what, "calls", "ms", "%", "GFLOP", "GFLOP/s", "MB moved", "MB alloc");
        long calls0 = 0, nanos = 0, bytes = 0, alloc = 0;
        double flops = 0;
        for (Line l : lines) {
            row(out, fmt, l.name, (double) l.calls / calls, l.nanos / 1e6 / calls, wallMs, l.flops / calls, l.bytes / 1e6 / calls, l.allocated / 1e6 / calls);
            calls0 += l.calls;
            nanos += l.nanos;
            bytes += l.bytes;
            alloc += l.allocated;
            if (!Double.isNaN(l.flops)) flops += l.flops;
        }
        row(out, fmt, "total (ops)", (double) calls0 / calls, nanos / 1e6 / calls, wallMs, flops / calls, bytes / 1e6 / calls, alloc / 1e6 / calls);
        row(out, fmt, "profiler bookkeeping", Double.NaN, p.bookkeepingNs() / 1e6 / calls, wallMs, Double.NaN, Double.NaN, Double.NaN);
        row(out, fmt, "GC pauses in ops", Double.NaN, p.gcInOpsNs() / 1e6 / calls, wallMs, Double.NaN, Double.NaN, Double.NaN);
        row(out, fmt, "unattributed", Double.NaN, p.unattributedNs() / 1e6 / calls, wallMs, Double.NaN, Double.NaN, Double.NaN);
        row(out, fmt, "wall", Double.NaN, wallMs, wallMs, flops / calls, Double.NaN, Double.NaN);
    }

    private static void row(PrintStream out, String fmt, String name, double calls, double ms, double wallMs, double flops, double mb, double allocMb) {
        out.printf(Locale.ROOT, fmt, name, Double.isNaN(calls) ? "" : fmtCalls(calls), String.format(Locale.ROOT, "%.3f", ms),
                String.format(Locale.ROOT, "%.1f", 100 * ms / wallMs),
                Double.isNaN(flops) ? "—" : String.format(Locale.ROOT, "%.4f", flops / 1e9),
                Double.isNaN(flops) || ms <= 0 ? "—" : String.format(Locale.ROOT, "%.1f", flops / 1e9 / (ms / 1e3)),
                Double.isNaN(mb) ? "" : String.format(Locale.ROOT, "%.2f", mb), Double.isNaN(allocMb) ? "" : String.format(Locale.ROOT, "%.2f", allocMb));
    }

    private static String fmtCalls(double c) { return c == Math.rint(c) ? String.valueOf((long) c) : String.format(Locale.ROOT, "%.1f", c); }
}
