package org.jnequip.nequip.data;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.Set;

/**
 * Writes one {@link Structure} as an extended-XYZ frame in ASE's layout:
 * <pre>
 * N
 * Lattice="a0x a0y a0z a1x ..." Properties=species:S:1:pos:R:3[:forces:R:3] energy=E stress="9 numbers" info... pbc="T T T"
 * Sym  x  y  z  [fx fy fz]
 * </pre>
 * Numbers use Java's shortest round-trip decimal ({@link Double#toString}), so write → read is exact.
 * Info values: String (quoted when needed), Long/Integer, Double, Boolean (T/F), and arrays double[],
 * long[], int[], boolean[] (quoted, space-separated).
 */
final class ExtXyzWriter {
    private ExtXyzWriter() {}

    private static final Set<String> RESERVED = Set.of("lattice", "properties", "pbc");

    static void write(Writer w, Structure s) throws IOException {
        int n = s.numAtoms();
        StringBuilder b = new StringBuilder(64 + 80 * n);
        b.append(n).append('\n');
        double[] cell = s.cell();
        if (cell != null) b.append("Lattice=\"").append(join(cell)).append("\" ");
        double[] f = s.forces();
        b.append("Properties=species:S:1:pos:R:3").append(f != null ? ":forces:R:3" : "");
        if (s.energy() != null) b.append(" energy=").append(num(s.energy()));
        if (s.stress() != null) b.append(" stress=\"").append(join(s.stress())).append('"');
        for (Map.Entry<String, Object> e : s.info().entrySet()) {
            String k = e.getKey().toLowerCase(java.util.Locale.ROOT);
            if (RESERVED.contains(k) || k.equals("energy") && s.energy() != null || k.equals("stress") && s.stress() != null)
                throw new IllegalArgumentException("extxyz writer: info key '" + e.getKey() + "' collides with a reserved key");
            b.append(' ').append(quote(e.getKey())).append('=').append(value(e.getValue()));
        }
        boolean[] p = s.pbc();
        b.append(" pbc=\"").append(tf(p[0])).append(' ').append(tf(p[1])).append(' ').append(tf(p[2])).append("\"\n");
        for (int i = 0; i < n; i++) {
            String sym = Elements.symbol(s.atomicNumber(i));
            b.append(sym).append(sym.length() == 1 ? "  " : " ");
            for (int k = 0; k < 3; k++) pad(b, num(s.position(i, k)));
            if (f != null) for (int k = 0; k < 3; k++) pad(b, num(f[3 * i + k]));
            b.append('\n');
        }
        w.write(b.toString());
    }

    private static void pad(StringBuilder b, String v) {
        b.append(' ');
        for (int i = v.length(); i < 22; i++) b.append(' ');
        b.append(v);
    }

    static String num(double v) { return Double.toString(v); }

    private static String tf(boolean v) { return v ? "T" : "F"; }

    private static String join(double[] a) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < a.length; i++) b.append(i > 0 ? " " : "").append(num(a[i]));
        return b.toString();
    }

    private static String value(Object v) {
        return switch (v) {
            case null -> "None";
            case Boolean x -> tf(x);
            case Double x -> num(x);
            case Float x -> num(x);
            case Number x -> x.toString();
            case double[] a -> '"' + join(a) + '"';
            case long[] a -> '"' + joinObjects(java.util.Arrays.stream(a).boxed().toArray()) + '"';
            case int[] a -> '"' + joinObjects(java.util.Arrays.stream(a).boxed().toArray()) + '"';
            case boolean[] a -> {
                StringBuilder b = new StringBuilder("\"");
                for (int i = 0; i < a.length; i++) b.append(i > 0 ? " " : "").append(tf(a[i]));
                yield b.append('"').toString();
            }
            default -> quote(v.toString());
        };
    }

    private static String joinObjects(Object[] a) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < a.length; i++) b.append(i > 0 ? " " : "").append(a[i]);
        return b.toString();
    }

    /** Quotes s when it is empty or contains whitespace, '=', a quote or a backslash. */
    private static String quote(String s) {
        boolean need = s.isEmpty();
        for (int i = 0; i < s.length() && !need; i++) {
            char c = s.charAt(i);
            need = Character.isWhitespace(c) || c == '=' || c == '"' || c == '\\' || c == '[' || c == '{';
        }
        if (!need) return s;
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\');
            if (c == '\n' || c == '\r') c = ' ';
            b.append(c);
        }
        return b.append('"').toString();
    }
}
