package org.jnequip.e3;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An immutable direct sum of irreps, e3nn's {@code Irreps}: "32x0e+16x1o" is 32 scalars then 16 vectors.
 * A feature vector is the blocks in order; inside block i the index is offset(i) + u·(2l+1) + m
 * (multiplicity-major). {@link #simplify()} merges adjacent equal irreps only; {@link #sort()} is stable.
 *
 * {@snippet :
 * Irreps x = Irreps.parse("16x1o + 32x0e");
 * x.dim();                 // 80
 * x.sort().irreps();       // 32x0e+16x1o, with p = [1, 0] (p[old] = new)
 * }
 */
public final class Irreps implements Iterable<MulIrrep> {
    private final List<MulIrrep> list;
    private final int[] offsets;   // (size+1) prefix sums of block dims

    private Irreps(List<MulIrrep> list) {
        this.list = List.copyOf(list);
        offsets = new int[this.list.size() + 1];
        for (int i = 0; i < this.list.size(); i++) offsets[i + 1] = offsets[i] + this.list.get(i).dim();
    }

    public static Irreps of(List<MulIrrep> list) { return new Irreps(list); }

    public static Irreps of(MulIrrep... list) { return new Irreps(Arrays.asList(list)); }

    public static Irreps empty() { return new Irreps(List.of()); }

    /** 1x0e + 1x1(p) + 1x2(p²) + … up to lmax; p = −1 gives 1x0e+1x1o+1x2e. */
    public static Irreps sphericalHarmonics(int lmax, int p) {
        if (p != 1 && p != -1) throw new IllegalArgumentException("Irreps.sphericalHarmonics: p must be +1 or -1, got " + p);
        List<MulIrrep> l = new ArrayList<>();
        for (int k = 0; k <= lmax; k++) l.add(new MulIrrep(1, new Irrep(k, k % 2 == 0 ? 1 : p)));
        return new Irreps(l);
    }

    /** Parses e3nn syntax: terms "MULxIRREP" or "IRREP" joined by '+', whitespace tolerant; "" is empty. */
    public static Irreps parse(String s) {
        List<MulIrrep> out = new ArrayList<>();
        if (s.isBlank()) return new Irreps(out);
        int start = 0;
        while (start <= s.length()) {
            int plus = s.indexOf('+', start);
            int end = plus < 0 ? s.length() : plus;
            out.add(term(s, start, end));
            if (plus < 0) break;
            start = plus + 1;
        }
        return new Irreps(out);
    }

    private static MulIrrep term(String s, int start, int end) {
        int a = start, b = end;
        while (a < b && Character.isWhitespace(s.charAt(a))) a++;
        while (b > a && Character.isWhitespace(s.charAt(b - 1))) b--;
        if (a == b) throw bad(s, "empty term", start, "expected MULxIRREP or IRREP");
        int x = s.indexOf('x', a);
        int mul = 1, irStart = a;
        if (x >= 0 && x < b) {
            String m = s.substring(a, x).strip();
            if (m.isEmpty() || m.length() > 9 || !m.chars().allMatch(Character::isDigit))
                throw bad(s, "bad multiplicity", a, "expected digits before 'x', got '" + m + "'");
            mul = Integer.parseInt(m);
            irStart = x + 1;
            while (irStart < b && Character.isWhitespace(s.charAt(irStart))) irStart++;
        }
        String t = s.substring(irStart, b);
        String why = Irrep.problem(t);
        if (why != null) throw bad(s, "bad irrep", irStart, why);
        return new MulIrrep(mul, Irrep.parse(t));
    }

    private static IllegalArgumentException bad(String s, String what, int pos, String why) {
        return new IllegalArgumentException("Irreps.parse: " + what + " at position " + pos + " in \"" + s + "\": " + why);
    }

    // ---------------------------------------------------------------- sizes and slices
    /** Σ mul·(2l+1). */
    public int dim() { return offsets[list.size()]; }

    /** Σ mul (number of irrep copies). */
    public int numIrreps() { return list.stream().mapToInt(MulIrrep::mul).sum(); }

    /** Number of (mul, ir) entries. */
    public int size() { return list.size(); }

    public MulIrrep get(int i) { return list.get(i); }

    public List<MulIrrep> list() { return list; }

    /** Start of block i in a feature vector. */
    public int offset(int i) { return offsets[i]; }

    /** [start, stop) of block i. */
    public record Slice(int start, int stop) {
        public int size() { return stop - start; }
    }

    public List<Slice> slices() {
        List<Slice> s = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) s.add(new Slice(offsets[i], offsets[i + 1]));
        return s;
    }

    /** Largest l; IllegalStateException when empty. */
    public int lmax() {
        if (list.isEmpty()) throw new IllegalStateException("Irreps.lmax: empty irreps");
        return list.stream().mapToInt(m -> m.ir().l()).max().getAsInt();
    }

    /** The l of every copy, in order (e3nn {@code ls}). */
    public int[] ls() {
        int[] out = new int[numIrreps()];
        int k = 0;
        for (MulIrrep m : list) for (int u = 0; u < m.mul(); u++) out[k++] = m.ir().l();
        return out;
    }

    /** Σ mul over the entries equal to ir. */
    public int count(Irrep ir) { return list.stream().filter(m -> m.ir().equals(ir)).mapToInt(MulIrrep::mul).sum(); }

    // ---------------------------------------------------------------- transformations
    /** This followed by other. */
    public Irreps concat(Irreps other) {
        List<MulIrrep> l = new ArrayList<>(list);
        l.addAll(other.list);
        return new Irreps(l);
    }

    /** Merges ADJACENT equal irreps and drops mul = 0; never reorders. */
    public Irreps simplify() {
        List<MulIrrep> out = new ArrayList<>();
        for (MulIrrep m : list) {
            if (m.mul() == 0) continue;
            int last = out.size() - 1;
            if (last >= 0 && out.get(last).ir().equals(m.ir())) out.set(last, new MulIrrep(out.get(last).mul() + m.mul(), m.ir()));
            else out.add(m);
        }
        return new Irreps(out);
    }

    /** A sort result: {@code p[old] = new}, {@code inv[new] = old}. */
    public record Sorted(Irreps irreps, int[] p, int[] inv) {}

    /** Stable sort by (ir, original index). */
    public Sorted sort() {
        Integer[] order = new Integer[list.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> {
            int c = list.get(a).ir().compareTo(list.get(b).ir());
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] inv = new int[order.length], p = new int[order.length];
        List<MulIrrep> out = new ArrayList<>();
        for (int k = 0; k < order.length; k++) {
            inv[k] = order[k];
            p[order[k]] = k;
            out.add(list.get(order[k]));
        }
        return new Sorted(new Irreps(out), p, inv);
    }

    /** sort().irreps().simplify(). */
    public Irreps regroup() { return sort().irreps().simplify(); }

    /**
     * The representation matrix (dim, dim), row-major, block diagonal: each copy of (l, p) gets
     * p^{[inversion]}·D^l(R).
     */
    public double[] D(double[] R, boolean inversion) {
        WignerD.checkRotation(R, true);
        int n = dim();
        double[] out = new double[n * n];
        Map<Irrep, double[]> blocks = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            MulIrrep m = list.get(i);
            int d = m.ir().dim();
            double[] b = blocks.computeIfAbsent(m.ir(), ir -> WignerD.d(ir, R, inversion));
            for (int u = 0; u < m.mul(); u++) {
                int o = offsets[i] + u * d;
                for (int r = 0; r < d; r++) System.arraycopy(b, r * d, out, (o + r) * n + o, d);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- object
    @Override
    public Iterator<MulIrrep> iterator() { return list.iterator(); }

    @Override
    public boolean equals(Object o) { return o instanceof Irreps x && x.list.equals(list); }

    @Override
    public int hashCode() { return list.hashCode(); }

    /** e3nn form, e.g. "32x0e+16x1o"; empty irreps print as "". */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (MulIrrep m : list) { if (!b.isEmpty()) b.append('+'); b.append(m); }
        return b.toString();
    }
}
