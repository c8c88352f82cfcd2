package org.jnequip.nequip.md;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Minimal extended-XYZ reading and writing in ASE's layout, for trajectories:
 * <pre>
 *   N
 *   Lattice="ax ay az bx by bz cx cy cz" Properties=species:S:1:pos:R:3:vel:R:3:forces:R:3 energy=E time_fs=t pbc="T T T"
 *   Ar  x y z  vx vy vz  fx fy fz
 * </pre>
 * Velocities are written as {@code vel} in Å/fs (ASE keeps it as an array named "vel"). Molecules get no Lattice
 * and pbc="F F F". A stop-gap until org.jnequip.nequip.data.ExtXyz is merged; the reader understands the
 * columns species/Z, pos, vel, forces (others skipped) and the keys Lattice, pbc, energy, time_fs.
 */
public final class MdXyz {
    private MdXyz() {}

    public static void write(Appendable out, XyzFrame f) throws IOException {
        int n = f.numAtoms();
        StringBuilder sb = new StringBuilder();
        sb.append(n).append('\n');
        if (f.cell() != null) {
            sb.append("Lattice=\"");
            for (int k = 0; k < 9; k++) sb.append(k > 0 ? " " : "").append(num(f.cell()[k]));
            sb.append("\" ");
        }
        sb.append("Properties=species:S:1:pos:R:3");
        if (f.velocities() != null) sb.append(":vel:R:3");
        if (f.forces() != null) sb.append(":forces:R:3");
        if (!Double.isNaN(f.energy())) sb.append(" energy=").append(num(f.energy()));
        if (!Double.isNaN(f.timeFs())) sb.append(" time_fs=").append(num(f.timeFs()));
        sb.append(" pbc=\"").append(tf(f.pbc()[0])).append(' ').append(tf(f.pbc()[1])).append(' ').append(tf(f.pbc()[2])).append("\"\n");
        for (int i = 0; i < n; i++) {
            sb.append(String.format(Locale.ROOT, "%-3s", MdElements.symbol(f.atomicNumbers()[i])));
            cols(sb, f.positions(), i);
            if (f.velocities() != null) cols(sb, f.velocities(), i);
            if (f.forces() != null) cols(sb, f.forces(), i);
            sb.append('\n');
        }
        out.append(sb);
    }

    private static void cols(StringBuilder sb, double[] a, int i) {
        for (int k = 0; k < 3; k++) sb.append(String.format(Locale.ROOT, " %18.10f", a[3 * i + k]));
    }

    private static String num(double v) { return Double.toString(v); }
    private static char tf(boolean b) { return b ? 'T' : 'F'; }

    public static void write(Path file, List<XyzFrame> frames) {
        try (var w = Files.newBufferedWriter(file)) {
            for (XyzFrame f : frames) write(w, f);
        } catch (IOException e) {
            throw new UncheckedIOException("extxyz " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<XyzFrame> read(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file)) {
            List<XyzFrame> frames = new ArrayList<>();
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                int n;
                try {
                    n = Integer.parseInt(line.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("extxyz " + file + ":" + lineNo + ": expected an atom count, got '" + line + "'");
                }
                String comment = r.readLine();
                lineNo++;
                if (comment == null) throw new IllegalArgumentException("extxyz " + file + ":" + lineNo + ": missing comment line");
                String[] atoms = new String[n];
                for (int i = 0; i < n; i++) {
                    atoms[i] = r.readLine();
                    lineNo++;
                    if (atoms[i] == null) throw new IllegalArgumentException("extxyz " + file + ":" + lineNo + ": file ends inside a frame");
                }
                frames.add(parseFrame(comment, atoms, file + ":" + (lineNo - n)));
            }
            return frames;
        } catch (IOException e) {
            throw new UncheckedIOException("extxyz " + file + ": " + e.getMessage(), e);
        }
    }

    static XyzFrame parseFrame(String comment, String[] lines, String where) {
        Map<String, String> kv = keyValues(comment);
        int n = lines.length;
        double[] cell = kv.containsKey("Lattice") ? numbers(kv.get("Lattice"), 9, where + " Lattice") : null;
        boolean[] pbc = new boolean[]{cell != null, cell != null, cell != null};
        if (kv.containsKey("pbc")) {
            String[] t = kv.get("pbc").trim().split("\\s+");
            if (t.length != 3) throw new IllegalArgumentException("extxyz " + where + ": pbc needs 3 flags");
            for (int k = 0; k < 3; k++) pbc[k] = t[k].equalsIgnoreCase("T") || t[k].equalsIgnoreCase("True");
        }
        String props = kv.getOrDefault("Properties", "species:S:1:pos:R:3");
        String[] p = props.split(":");
        if (p.length % 3 != 0) throw new IllegalArgumentException("extxyz " + where + ": malformed Properties '" + props + "'");
        int[] z = new int[n];
        double[] pos = props.contains("pos:R:3") ? new double[3 * n] : null;
        double[] vel = props.contains("vel:R:3") ? new double[3 * n] : null;
        double[] frc = props.contains("forces:R:3") ? new double[3 * n] : null;
        String[][] tok = new String[n][];
        for (int i = 0; i < n; i++) tok[i] = lines[i].trim().split("\\s+");
        int col = 0;
        for (int q = 0; q < p.length; q += 3) {
            String name = p[q];
            int count = Integer.parseInt(p[q + 2]);
            double[] target = switch (name) { case "pos" -> pos; case "vel" -> vel; case "forces" -> frc; default -> null; };
            for (int i = 0; i < n; i++) {
                String[] t = tok[i];
                if (t.length < col + count) throw new IllegalArgumentException("extxyz " + where + ": atom line " + (i + 1) + " has too few columns");
                if (name.equals("species")) z[i] = MdElements.atomicNumber(t[col]);
                else if (name.equals("Z")) z[i] = Integer.parseInt(t[col]);
                else if (target != null) for (int k = 0; k < 3; k++) target[3 * i + k] = Double.parseDouble(t[col + k]);
            }
            col += count;
        }
        if (pos == null) throw new IllegalArgumentException("extxyz " + where + ": no pos column");
        double e = kv.containsKey("energy") ? Double.parseDouble(kv.get("energy")) : Double.NaN;
        double t = kv.containsKey("time_fs") ? Double.parseDouble(kv.get("time_fs")) : Double.NaN;
        return new XyzFrame(z, pos, cell, pbc, e, vel, frc, t);
    }

    /** key=value pairs of an extxyz comment line; values may be double-quoted. */
    static Map<String, String> keyValues(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        int i = 0, n = s.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(s.charAt(i))) i++;
            int k0 = i;
            while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) i++;
            String key = s.substring(k0, i);
            if (key.isEmpty()) break;
            if (i >= n || s.charAt(i) != '=') { m.put(key, "T"); continue; }
            i++;
            String val;
            if (i < n && s.charAt(i) == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0) throw new IllegalArgumentException("extxyz: unterminated quote in comment line");
                val = s.substring(i + 1, end);
                i = end + 1;
            } else {
                int v0 = i;
                while (i < n && !Character.isWhitespace(s.charAt(i))) i++;
                val = s.substring(v0, i);
            }
            m.put(key, val);
        }
        return m;
    }

    private static double[] numbers(String s, int count, String where) {
        String[] t = s.trim().split("\\s+");
        if (t.length != count) throw new IllegalArgumentException("extxyz " + where + ": expected " + count + " numbers, got " + t.length);
        double[] a = new double[count];
        for (int k = 0; k < count; k++) a[k] = Double.parseDouble(t[k]);
        return a;
    }
}
