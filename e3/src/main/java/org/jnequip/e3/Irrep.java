package org.jnequip.e3;

import java.util.ArrayList;
import java.util.List;

/**
 * An irreducible representation of O(3): degree l ≥ 0 and parity p = ±1 ("1o" = (1, −1), "2e" = (2, +1)).
 * Dimension 2l+1. Ordering is the tuple order (l, p), so 0o &lt; 0e &lt; 1o &lt; 1e &lt; 2o …
 * Under the O(3) element (R, inversion) a feature of this irrep transforms with p^{[inversion]}·D^l(R).
 *
 * {@snippet :
 * Irrep a = Irrep.parse("1o");
 * List<Irrep> out = a.times(Irrep.parse("1o"));   // [0e, 1e, 2e]
 * }
 */
public record Irrep(int l, int p) implements Comparable<Irrep> {
    public Irrep {
        if (l < 0) throw new IllegalArgumentException("Irrep: l must be >= 0, got " + l);
        if (p != 1 && p != -1) throw new IllegalArgumentException("Irrep: parity must be +1 or -1, got " + p);
    }

    /** Parses "1o", "2e" or "3y" (y: p = (−1)^l); surrounding whitespace is ignored. */
    public static Irrep parse(String s) {
        String t = s.strip();
        String why = problem(t);
        if (why != null) throw new IllegalArgumentException("Irrep.parse: " + why + " in \"" + s + "\"");
        int l = Integer.parseInt(t.substring(0, t.length() - 1));
        char c = t.charAt(t.length() - 1);
        return new Irrep(l, c == 'e' ? 1 : c == 'o' ? -1 : (l % 2 == 0 ? 1 : -1));
    }

    /** Null when t is a valid irrep token, else what is wrong with it (used by Irreps.parse for messages). */
    static String problem(String t) {
        if (t.isEmpty()) return "empty irrep";
        char c = t.charAt(t.length() - 1);
        if (c != 'e' && c != 'o' && c != 'y') return "expected parity e, o or y at the end, got '" + c + "'";
        String digits = t.substring(0, t.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 6)
            return "expected a degree l (digits) before the parity, got '" + digits + "'";
        return null;
    }

    /** 2l+1. */
    public int dim() { return 2 * l + 1; }

    /** True for 0e. */
    public boolean isScalar() { return l == 0 && p == 1; }

    /** The irreps in the tensor product: l = |l1−l2| .. l1+l2 (ascending), parity p1·p2. */
    public List<Irrep> times(Irrep o) {
        List<Irrep> out = new ArrayList<>();
        for (int k = Math.abs(l - o.l); k <= l + o.l; k++) out.add(new Irrep(k, p * o.p));
        return out;
    }

    @Override
    public int compareTo(Irrep o) { return l != o.l ? Integer.compare(l, o.l) : Integer.compare(p, o.p); }

    @Override
    public String toString() { return l + (p == 1 ? "e" : "o"); }
}
