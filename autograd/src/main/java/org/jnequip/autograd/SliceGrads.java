package org.jnequip.autograd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gradients of the slices of one value, summed as one tiling. The backward of {@code x.slice(axis, a, b)} is
 * the zero padding of g back to x's length; when x is cut into several slices (the blocks of a layer's
 * input), {@link Tape} holds the pieces back and sums them here:
 * <pre>  Σ_k pad(g_k, axis, a_k, len − b_k) = concat(0, g_1, 0, g_2, …, 0)   (pieces disjoint along axis) </pre>
 * one concat instead of one zero padding per piece and an add per pair. Overlapping pieces and pieces on
 * other axes are summed tiling by tiling. Built from differentiable ops, so the sum stays on the tape.
 */
final class SliceGrads {
    private SliceGrads() {}

    /** The backward rule of a slice, recognised by the tape. */
    record Rule(int axis, int start, int end, int len) implements Backward {
        @Override
        public Var[] apply(Var g, boolean[] needs) { return new Var[]{LayoutOps.pad(g, axis, start, len - end)}; }
    }

    /** The gradient g of the slice [rule.start, rule.end) of its input. */
    record Piece(Rule rule, Var g) {}

    /** base (may be null) + Σ pieces, for a value of the given shape. */
    static Var sum(Var base, List<Piece> pieces, int[] shape) {
        Map<Integer, List<Piece>> byAxis = new TreeMap<>();
        for (Piece p : pieces) byAxis.computeIfAbsent(p.rule().axis(), k -> new ArrayList<>()).add(p);
        Var total = base;
        for (Map.Entry<Integer, List<Piece>> e : byAxis.entrySet()) {
            List<Piece> sorted = new ArrayList<>(e.getValue());
            sorted.sort(Comparator.comparingInt(p -> p.rule().start()));
            List<Piece> tiling = new ArrayList<>(), rest = new ArrayList<>();
            int at = 0;
            for (Piece p : sorted) {
                if (p.rule().start() >= at) { tiling.add(p); at = p.rule().end(); }
                else rest.add(p);
            }
            Var t = tile(tiling, e.getKey(), shape);
            total = total == null ? t : total.add(t);
            if (!rest.isEmpty()) total = sum(total, rest, shape);
        }
        return total;
    }

    /** Disjoint pieces sorted by start, with zeros in the gaps, as one value of the given shape. */
    private static Var tile(List<Piece> tiling, int axis, int[] shape) {
        int len = shape[axis];
        if (tiling.size() == 1) {
            Piece p = tiling.get(0);
            return LayoutOps.pad(p.g(), axis, p.rule().start(), len - p.rule().end());
        }
        List<Var> parts = new ArrayList<>();
        int at = 0;
        for (Piece p : tiling) {
            if (p.rule().start() > at) parts.add(zeros(p.g(), axis, p.rule().start() - at));
            parts.add(p.g());
            at = p.rule().end();
        }
        if (at < len) parts.add(zeros(tiling.get(0).g(), axis, len - at));
        return LayoutOps.concat(parts, axis);
    }

    private static Var zeros(Var like, int axis, int n) {
        int[] s = like.shape().clone();
        s[axis] = n;
        return like.constantLike(0.0, s);
    }
}
