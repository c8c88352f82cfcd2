package org.jnequip.nequip.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed, range-checked access to a parsed config map (YAML or JSON → String/Number/Boolean/List/Map). Every
 * getter returns its default for an absent key (or a null value) and otherwise names the key and the value in
 * its {@link ConfigException}; {@link #rejectUnknown} lists the nearest valid keys by Levenshtein distance so a
 * typo ("lerning_rate") points at the intended key.
 */
public final class ConfigMap {
    private final Map<String, Object> raw;

    public ConfigMap(Map<String, Object> raw) { this.raw = raw; }

    public boolean has(String key) { return raw.get(key) != null; }

    public Object get(String key) { return raw.get(key); }

    public Map<String, Object> raw() { return raw; }

    /** Throws for the first key not in {@code valid}, suggesting the three nearest valid keys. */
    public void rejectUnknown(Set<String> valid) {
        for (String k : raw.keySet()) {
            if (valid.contains(k)) continue;
            throw new ConfigException(k, "unknown key '" + k + "'; nearest valid keys: " + String.join(", ", nearest(k, valid, 3)));
        }
    }

    /** The entries whose key is not in {@code known}, in the map's order. */
    public Map<String, Object> unknown(Set<String> known) {
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> { if (!known.contains(k)) out.put(k, v); });
        return out;
    }

    public static List<String> nearest(String key, Set<String> valid, int n) {
        List<String> all = new ArrayList<>(valid);
        String lk = key.toLowerCase(Locale.ROOT);
        all.sort(Comparator.comparingInt((String v) -> levenshtein(lk, v.toLowerCase(Locale.ROOT))).thenComparing(v -> v));
        return all.subList(0, Math.min(n, all.size()));
    }

    /** Edit distance with unit cost insert/delete/substitute. */
    public static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++)
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }

    /** "key 'k': expected …, got v (a string)". */
    public static ConfigException bad(String key, Object value, String expected) {
        String shown = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        return new ConfigException(key, "key '" + key + "': expected " + expected + ", got " + shown
                + (value == null ? "" : " (" + typeName(value) + ")"));
    }

    private static String typeName(Object v) {
        return switch (v) {
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Integer i -> "an integer";
            case Long l -> "an integer";
            case Number n -> "a number";
            case List<?> l -> "a list";
            case Map<?, ?> m -> "a mapping";
            default -> v.getClass().getSimpleName();
        };
    }

    public long integer(String key, long def, long min, long max) {
        Object v = raw.get(key);
        if (v == null) return def;
        long x;
        if (v instanceof Integer || v instanceof Long) x = ((Number) v).longValue();
        else if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) x = (long) (double) d;
        else throw bad(key, v, "an integer");
        if (x < min || x > max)
            throw bad(key, v, max >= Integer.MAX_VALUE ? "an integer >= " + min : "an integer in [" + min + ", " + max + "]");
        return x;
    }

    public int integer(String key, int def, int min) { return (int) integer(key, def, min, Integer.MAX_VALUE); }

    /** A real in [min, max]; {@code exclusiveMin} makes the lower bound strict. */
    public double real(String key, double def, double min, boolean exclusiveMin, double max) {
        Object v = raw.get(key);
        if (v == null) return def;
        double x = toReal(key, v);
        if (!(exclusiveMin ? x > min : x >= min) || !(x <= max) || Double.isNaN(x))
            throw bad(key, v, max == Double.POSITIVE_INFINITY ? "a number " + (exclusiveMin ? "> " : ">= ") + min
                    : "a number in " + (exclusiveMin ? "(" : "[") + min + ", " + max + "]");
        return x;
    }

    public static double toReal(String key, Object v) {
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof String s) {
            try { return Double.parseDouble(s.trim()); } catch (NumberFormatException e) { /* fall through */ }
        }
        throw bad(key, v, "a number");
    }

    public boolean bool(String key, boolean def) {
        Object v = raw.get(key);
        if (v == null) return def;
        if (v instanceof Boolean b) return b;
        throw bad(key, v, "true or false");
    }

    public String string(String key, String def, String... allowed) { return stringAs(key, key, def, allowed); }

    /** Like {@link #string} but errors name {@code shown} (e.g. "nonlinearity_scalars.e"). */
    public String stringAs(String shown, String key, String def, String... allowed) {
        Object v = raw.get(key);
        if (v == null) return def;
        key = shown;
        if (!(v instanceof String s)) throw bad(key, v, allowed.length > 0 ? "one of " + String.join(", ", allowed) : "a string");
        if (allowed.length == 0) return s;
        for (String a : allowed) if (a.equalsIgnoreCase(s)) return a;
        throw bad(key, v, "one of " + String.join(", ", allowed));
    }

    /** A list of strings, or one string of whitespace-separated words; null when absent. */
    public List<String> strings(String key) {
        Object v = raw.get(key);
        if (v == null) return null;
        if (v instanceof String s) return List.of(s.trim().split("\\s+"));
        if (!(v instanceof List<?> l)) throw bad(key, v, "a list of strings");
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s)) throw bad(key, v, "a list of strings");
            out.add(s);
        }
        return out;
    }

    public double[] reals(String key, double[] def, int length) {
        Object v = raw.get(key);
        if (v == null) return def;
        if (!(v instanceof List<?> l) || l.size() != length) throw bad(key, v, "a list of " + length + " numbers");
        double[] out = new double[length];
        for (int i = 0; i < length; i++) out[i] = toReal(key, l.get(i));
        return out;
    }

    /** A list of numbers of any length; null when absent. */
    public double[] realList(String key) {
        Object v = raw.get(key);
        if (v == null) return null;
        if (!(v instanceof List<?> l)) throw bad(key, v, "a list of numbers");
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = toReal(key, l.get(i));
        return out;
    }

    /** A mapping with string keys; null when absent. */
    public Map<String, Object> mapping(String key) {
        Object v = raw.get(key);
        if (v == null) return null;
        if (!(v instanceof Map<?, ?> m)) throw bad(key, v, "a mapping");
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : m.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue());
        return out;
    }

    /** A mapping of metric name → number (early-stopping bounds and deltas). */
    public Map<String, Double> realMap(String key, Map<String, Double> def) {
        Map<String, Object> m = mapping(key);
        if (m == null) return def;
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, toReal(key + "." + k, v)));
        return out;
    }
}
