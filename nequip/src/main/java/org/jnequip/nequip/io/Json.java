package org.jnequip.nequip.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader/writer (JDK only) for safetensors headers, model and checkpoint metadata and run files
 * (tests also read the golden files with it).
 * Values map to: Map (insertion order), List, String, Double/Long (numbers), Boolean, null.
 * Errors name the position.
 */
public final class Json {
    private final String s;
    private int p;

    private Json(String s) { this.s = s; }

    public static Object parse(String text) {
        Json j = new Json(text);
        j.ws();
        Object v = j.value();
        j.ws();
        if (j.p != text.length()) throw j.err("trailing characters");
        return v;
    }

    public static Object read(Path file) throws IOException {
        try {
            return parse(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private IllegalArgumentException err(String m) {
        int line = 1, col = 1;
        for (int i = 0; i < Math.min(p, s.length()); i++) { if (s.charAt(i) == '\n') { line++; col = 1; } else col++; }
        return new IllegalArgumentException("JSON parse error at line " + line + ", column " + col + ": " + m);
    }

    private void ws() { while (p < s.length() && Character.isWhitespace(s.charAt(p))) p++; }

    private Object value() {
        if (p >= s.length()) throw err("unexpected end");
        char c = s.charAt(p);
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': expect("true"); return Boolean.TRUE;
            case 'f': expect("false"); return Boolean.FALSE;
            case 'n': expect("null"); return null;
            case 'N': expect("NaN"); return Double.NaN;
            case 'I': expect("Infinity"); return Double.POSITIVE_INFINITY;
            default: return number();
        }
    }

    private void expect(String w) {
        if (!s.startsWith(w, p)) throw err("expected " + w);
        p += w.length();
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        p++;
        ws();
        if (s.charAt(p) == '}') { p++; return m; }
        while (true) {
            ws();
            if (s.charAt(p) != '"') throw err("expected a string key");
            String k = string();
            ws();
            if (s.charAt(p) != ':') throw err("expected ':'");
            p++;
            ws();
            m.put(k, value());
            ws();
            char c = s.charAt(p++);
            if (c == '}') return m;
            if (c != ',') { p--; throw err("expected ',' or '}'"); }
        }
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        p++;
        ws();
        if (s.charAt(p) == ']') { p++; return l; }
        while (true) {
            ws();
            l.add(value());
            ws();
            char c = s.charAt(p++);
            if (c == ']') return l;
            if (c != ',') { p--; throw err("expected ',' or ']'"); }
        }
    }

    private String string() {
        StringBuilder b = new StringBuilder();
        p++;
        while (true) {
            if (p >= s.length()) throw err("unterminated string");
            char c = s.charAt(p++);
            if (c == '"') return b.toString();
            if (c == '\\') {
                char e = s.charAt(p++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> { b.append((char) Integer.parseInt(s.substring(p, p + 4), 16)); p += 4; }
                    default -> b.append(e);
                }
            } else b.append(c);
        }
    }

    private Object number() {
        int st = p;
        if (s.charAt(p) == '-') {
            p++;
            if (s.startsWith("Infinity", p)) { p += 8; return Double.NEGATIVE_INFINITY; }
        }
        boolean fl = false;
        while (p < s.length()) {
            char c = s.charAt(p);
            if (c >= '0' && c <= '9' || c == '+' || c == '-') p++;
            else if (c == '.' || c == 'e' || c == 'E') { fl = true; p++; }
            else break;
        }
        String t = s.substring(st, p);
        if (t.isEmpty()) throw err("unexpected character '" + s.charAt(p) + "'");
        try {
            if (!fl) {
                try { return Long.parseLong(t); } catch (NumberFormatException e) { return Double.parseDouble(t); }
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw err("bad number '" + t + "'");
        }
    }

    // ------------------------------------------------------------------ helpers for typed access
    @SuppressWarnings("unchecked")
    public static Map<String, Object> obj(Object o) { return (Map<String, Object>) o; }

    @SuppressWarnings("unchecked")
    public static List<Object> arr(Object o) { return (List<Object>) o; }

    public static double num(Object o) { return ((Number) o).doubleValue(); }

    // ------------------------------------------------------------------ writer
    public static String write(Object v) {
        StringBuilder b = new StringBuilder();
        write(b, v);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        switch (v) {
            case null -> b.append("null");
            case String str -> quote(b, str);
            case Boolean bo -> b.append(bo);
            case Double dd -> b.append(Double.isFinite(dd) ? (dd == Math.rint(dd) && Math.abs(dd) < 1e15 ? Long.toString((long) (double) dd) + ".0" : dd.toString()) : dd.isNaN() ? "NaN" : dd > 0 ? "Infinity" : "-Infinity");
            case Number n -> b.append(n);
            case Map<?, ?> m -> {
                b.append('{');
                boolean first = true;
                for (var e : m.entrySet()) {
                    if (!first) b.append(',');
                    first = false;
                    quote(b, String.valueOf(e.getKey()));
                    b.append(':');
                    write(b, e.getValue());
                }
                b.append('}');
            }
            case List<?> l -> {
                b.append('[');
                for (int i = 0; i < l.size(); i++) { if (i > 0) b.append(','); write(b, l.get(i)); }
                b.append(']');
            }
            case int[] a -> { b.append('['); for (int i = 0; i < a.length; i++) { if (i > 0) b.append(','); b.append(a[i]); } b.append(']'); }
            case double[] a -> { b.append('['); for (int i = 0; i < a.length; i++) { if (i > 0) b.append(','); write(b, a[i]); } b.append(']'); }
            default -> quote(b, v.toString());
        }
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> { if (c < 0x20) b.append(String.format("\\u%04x", (int) c)); else b.append(c); }
            }
        }
        b.append('"');
    }
}
