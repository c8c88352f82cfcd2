package org.jnequip.nequip.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The decoded comment line of one extended-XYZ frame: the Properties column layout, cell, pbc, energy,
 * stress/virial and the remaining info. Stress in Voigt order (xx, yy, zz, yz, xz, xy) is expanded to the
 * symmetric (3, 3) matrix. Errors go through {@code err(field, detail)}, which adds file, frame and line.
 */
final class FrameHeader {
    /** One Properties entry: name, type (S, R, I, L), column count and first column index. */
    record Prop(String name, char type, int ncols, int firstCol) {}

    static final String DEFAULT_PROPERTIES = "species:S:1:pos:R:3";

    final List<Prop> props = new ArrayList<>();
    String propertiesText;
    int totalCols, speciesProp = -1, posProp = -1, forcesProp = -1, forcesCol = -1;
    double[] cell, stress, virial;
    boolean[] pbc;
    Double energy;
    final Map<String, Object> info = new LinkedHashMap<>();

    private FrameHeader() {}

    static FrameHeader of(Map<String, String> kv, ExtXyz.Options opt,
                          BiFunction<String, String, DataFormatException> err) {
        FrameHeader h = new FrameHeader();
        Map<String, String> rest = new LinkedHashMap<>(kv);
        String propKey = findKey(rest, "Properties", err), latKey = findKey(rest, "Lattice", err), pbcKey = findKey(rest, "pbc", err);
        h.properties(propKey == null ? DEFAULT_PROPERTIES : rest.remove(propKey), opt, err);
        if (latKey != null) h.cell = numbers(rest.remove(latKey), latKey, 9, err);
        if (pbcKey != null) {
            String raw = rest.remove(pbcKey);
            Object v = raw == null ? null : ExtXyzComment.typed(raw);
            if (!(v instanceof boolean[] b && b.length == 3))
                throw err.apply(pbcKey, "expected 3 booleans like \"T T F\", found '" + raw + "'");
            h.pbc = b;
        } else {
            boolean per = h.cell != null;
            h.pbc = new boolean[] {per, per, per};
        }
        if ((h.pbc[0] || h.pbc[1] || h.pbc[2]) && h.cell == null)
            throw err.apply("Lattice", "missing Lattice for a periodic frame (pbc=\"" + (h.pbc[0] ? "T" : "F")
                    + (h.pbc[1] ? " T" : " F") + (h.pbc[2] ? " T" : " F") + "\" but no Lattice)");
        String problem = h.cell == null ? null : Structure.cellProblem(h.cell, h.pbc);
        if (problem != null) throw err.apply(latKey, problem);
        String eKey = rest.containsKey(opt.energyKey()) ? opt.energyKey()
                : opt.energyKey().equals("energy") && rest.containsKey("free_energy") ? "free_energy" : null;
        if (eKey != null) h.energy = numbers(rest.remove(eKey), eKey, 1, err)[0];
        if (rest.containsKey(opt.stressKey())) h.stress = tensor(rest.remove(opt.stressKey()), opt.stressKey(), err);
        else if (rest.containsKey("virial")) h.virial = tensor(rest.remove("virial"), "virial", err);
        for (var e : rest.entrySet()) h.info.put(e.getKey(), ExtXyzComment.typed(e.getValue()));
        return h;
    }

    /** The key spelled {@code name} in any case; two spellings (Lattice and lattice) are an error. */
    private static String findKey(Map<String, String> m, String name, BiFunction<String, String, DataFormatException> err) {
        String found = null;
        for (String k : m.keySet()) {
            if (!k.equalsIgnoreCase(name)) continue;
            if (found != null) throw err.apply(k, "keys '" + found + "' and '" + k + "' both given; give " + name + " once");
            found = k;
        }
        return found;
    }

    private void properties(String text, ExtXyz.Options opt, BiFunction<String, String, DataFormatException> err) {
        propertiesText = text;
        String[] f = text == null ? new String[0] : text.split(":", -1);
        if (text == null || f.length % 3 != 0 || f.length == 0)
            throw err.apply("Properties", "expected name:type:ncols triples, found '" + text + "'");
        int col = 0;
        for (int i = 0; i < f.length; i += 3) {
            String name = f[i], type = f[i + 1];
            int nc;
            try {
                nc = Integer.parseInt(f[i + 2]);
            } catch (NumberFormatException e) {
                nc = -1;
            }
            if (name.isEmpty() || nc < 1 || !(type.equals("S") || type.equals("R") || type.equals("I") || type.equals("L")))
                throw err.apply("Properties", "bad entry '" + name + ":" + type + ":" + f[i + 2]
                        + "' (expected name:S|R|I|L:ncols)");
            props.add(new Prop(name, type.charAt(0), nc, col));
            col += nc;
        }
        totalCols = col;
        for (int i = 0; i < props.size(); i++) {
            Prop p = props.get(i);
            if (p.name().equals("species") && speciesProp < 0) speciesProp = need(p, 'S', 1, err, i);
            else if ((p.name().equals("pos") || p.name().equals("positions")) && posProp < 0) posProp = need(p, 'R', 3, err, i);
            else if (p.name().equals(opt.forcesKey()) && forcesProp < 0) forcesProp = need(p, 'R', 3, err, i);
        }
        if (speciesProp < 0)
            for (int i = 0; i < props.size(); i++)
                if (props.get(i).name().equals("Z")) { speciesProp = need(props.get(i), 'I', 1, err, i); break; }
        if (speciesProp < 0) throw err.apply("Properties", "no species:S:1 (or Z:I:1) column in '" + text + "'");
        if (posProp < 0) throw err.apply("Properties", "no pos:R:3 column in '" + text + "'");
        if (forcesProp >= 0) forcesCol = props.get(forcesProp).firstCol();
    }

    private static int need(Prop p, char type, int nc, BiFunction<String, String, DataFormatException> err, int idx) {
        if (p.type() != type || p.ncols() != nc)
            throw err.apply("Properties", "column '" + p.name() + "' must be " + type + ":" + nc
                    + ", found " + p.type() + ":" + p.ncols());
        return idx;
    }

    /** Exactly {@code count} finite numbers from a raw value. */
    static double[] numbers(String raw, String key, int count, BiFunction<String, String, DataFormatException> err) {
        if (raw == null) throw err.apply(key, "key has no value (expected " + count + " number" + (count > 1 ? "s)" : ")"));
        List<String> t = ExtXyzComment.tokens(raw);
        if (t.size() != count)
            throw err.apply(key, "expected " + count + " number" + (count > 1 ? "s" : "") + ", found " + t.size()
                    + " in '" + raw + "'");
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            String s = t.get(i);
            try {
                out[i] = FastDouble.parse(s, 0, s.length());
            } catch (NumberFormatException e) {
                throw err.apply(key, "non-numeric value '" + s + "'");
            }
            if (!Double.isFinite(out[i])) throw err.apply(key, "non-finite value '" + s + "'");
        }
        return out;
    }

    /** A (3, 3) tensor from 9 numbers (row-major) or 6 Voigt numbers (xx yy zz yz xz xy). */
    static double[] tensor(String raw, String key, BiFunction<String, String, DataFormatException> err) {
        int n = raw == null ? 0 : ExtXyzComment.tokens(raw).size();
        if (n == 6) {
            double[] v = numbers(raw, key, 6, err);
            return new double[] {v[0], v[5], v[4], v[5], v[1], v[3], v[4], v[3], v[2]};
        }
        if (n != 9) throw err.apply(key, "expected 9 numbers (3x3) or 6 (Voigt xx yy zz yz xz xy), found " + n);
        return numbers(raw, key, 9, err);
    }
}
