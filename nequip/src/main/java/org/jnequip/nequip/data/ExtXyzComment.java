package org.jnequip.nequip.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The second line of an extended-XYZ frame: {@code key=value} pairs separated by whitespace.
 *
 * <p>Grammar (ASE's, made lenient): a key is a bare word or a double-quoted string; it may be followed by
 * {@code =} (whitespace around it allowed) and a value, which is a bare word, a double-quoted string
 * ({@code \"} and {@code \\} escapes) or a bracketed list {@code [..]} / {@code {..}}. A key with no value
 * (a bare word) means {@code true}. {@link #parse} returns the raw value strings (null = bare key);
 * {@link #typed} converts a raw value the way ASE does: integer → Long, float → Double, T/F/True/False →
 * Boolean, several numbers → long[] or double[], several booleans → boolean[], anything else → String.
 */
final class ExtXyzComment {
    private ExtXyzComment() {}

    /** Thrown for an unterminated quote or bracket; the reader adds file, frame and line. */
    static final class SyntaxError extends RuntimeException {
        final String key;
        SyntaxError(String key, String msg) { super(msg); this.key = key; }
    }

    /** Ordered raw key → value (null for a bare key); a key given twice is a {@link SyntaxError}. */
    static Map<String, String> parse(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        int n = line.length(), p = 0;
        while (true) {
            while (p < n && Character.isWhitespace(line.charAt(p))) p++;
            if (p >= n) return out;
            int[] end = new int[1];
            String key;
            if (line.charAt(p) == '"') { key = quoted(line, p, end, null); p = end[0]; }
            else {
                int s = p;
                while (p < n && !Character.isWhitespace(line.charAt(p)) && line.charAt(p) != '=') p++;
                key = line.substring(s, p);
            }
            int q = p;
            while (q < n && Character.isWhitespace(line.charAt(q))) q++;
            if (q < n && line.charAt(q) == '=') {
                q++;
                while (q < n && Character.isWhitespace(line.charAt(q))) q++;
                if (q >= n) { put(out, key, ""); return out; }
                char c = line.charAt(q);
                String value;
                if (c == '"') { value = quoted(line, q, end, key); p = end[0]; }
                else if (c == '[' || c == '{') {
                    char close = c == '[' ? ']' : '}';
                    int e = line.indexOf(close, q + 1);
                    if (e < 0) throw new SyntaxError(key, "unterminated '" + c + "' in value of " + key);
                    value = line.substring(q, e + 1);
                    p = e + 1;
                } else {
                    int s = q;
                    while (q < n && !Character.isWhitespace(line.charAt(q))) q++;
                    value = line.substring(s, q);
                    p = q;
                }
                put(out, key, value);
            } else {
                put(out, key, null);
            }
        }
    }

    private static void put(Map<String, String> out, String key, String value) {
        if (out.containsKey(key)) throw new SyntaxError(key, "key '" + key + "' is given twice in the comment line");
        out.put(key, value);
    }

    private static String quoted(String line, int start, int[] end, String key) {
        StringBuilder b = new StringBuilder();
        int p = start + 1, n = line.length();
        while (p < n) {
            char c = line.charAt(p++);
            if (c == '"') { end[0] = p; return b.toString(); }
            if (c == '\\' && p < n) c = line.charAt(p++);
            b.append(c);
        }
        String what = key == null ? "key" : "value of " + key;
        throw new SyntaxError(key, "unterminated quote in " + what);
    }

    /** Whitespace- (and, inside brackets, comma-) separated tokens of a raw value. */
    static List<String> tokens(String raw) {
        String s = raw.strip();
        if (!s.isEmpty() && (s.charAt(0) == '[' || s.charAt(0) == '{') && s.length() >= 2)
            s = s.substring(1, s.length() - 1).replace(',', ' ');
        List<String> out = new ArrayList<>();
        int n = s.length(), p = 0;
        while (p < n) {
            while (p < n && Character.isWhitespace(s.charAt(p))) p++;
            int st = p;
            while (p < n && !Character.isWhitespace(s.charAt(p))) p++;
            if (p > st) out.add(s.substring(st, p));
        }
        return out;
    }

    /** ASE-style typed value of a raw string (see class comment). */
    static Object typed(String raw) {
        if (raw == null) return Boolean.TRUE;
        List<String> t = tokens(raw);
        if (t.size() == 1 && !raw.strip().startsWith("[") && !raw.strip().startsWith("{")) {
            Object v = scalar(t.get(0));
            return v != null ? v : raw;
        }
        if (t.isEmpty()) return raw;
        Object first = scalar(t.get(0));
        if (first instanceof Boolean) {
            boolean[] b = new boolean[t.size()];
            for (int i = 0; i < b.length; i++) {
                if (!(scalar(t.get(i)) instanceof Boolean x)) return raw;
                b[i] = x;
            }
            return b;
        }
        boolean allLong = true;
        double[] d = new double[t.size()];
        long[] l = new long[t.size()];
        for (int i = 0; i < d.length; i++) {
            Object v = scalar(t.get(i));
            if (v instanceof Long x) { l[i] = x; d[i] = x; }
            else if (v instanceof Double x) { d[i] = x; allLong = false; }
            else return raw;
        }
        return allLong ? l : d;
    }

    /** Long, Double (finite only), Boolean, or null if the token is none of these. */
    static Object scalar(String tok) {
        switch (tok) {
            case "T", "True", "true", "TRUE" -> { return Boolean.TRUE; }
            case "F", "False", "false", "FALSE" -> { return Boolean.FALSE; }
            default -> { }
        }
        if (isInteger(tok)) {
            try { return Long.parseLong(tok.startsWith("+") ? tok.substring(1) : tok); }
            catch (NumberFormatException e) { /* too long: fall through to double */ }
        }
        try {
            double v = FastDouble.parse(tok, 0, tok.length());
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isInteger(String t) {
        int s = t.startsWith("+") || t.startsWith("-") ? 1 : 0;
        if (s == t.length()) return false;
        for (int i = s; i < t.length(); i++) if (t.charAt(i) < '0' || t.charAt(i) > '9') return false;
        return true;
    }
}
