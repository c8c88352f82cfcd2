package org.jnequip.nequip.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jnequip.nequip.files.FileErrors;

/**
 * Streaming extended-XYZ reader: one {@link Structure} per frame, read lazily.
 *
 * <p>Frame layout (as ASE writes it): line 1 the atom count N; line 2 the comment ({@link ExtXyzComment}),
 * with {@code Properties=name:type:ncols:...} (types S, R, I, L; default {@code species:S:1:pos:R:3}),
 * {@code Lattice="9 numbers"} (rows = lattice vectors), {@code pbc="T T T"} (default T T T with a Lattice,
 * else F F F), the energy ({@code energy}, else {@code free_energy}), the stress (9 numbers, or 6 in Voigt
 * order xx yy zz yz xz xy) or a virial (stress = −virial/V); then N atom lines with the property columns.
 * Species come from a {@code species} (S) or {@code Z} (I) column, positions from {@code pos}, forces from
 * the forces column; other columns are checked (count, number syntax) and dropped. Other comment keys go
 * to {@link Structure#info()}. Blank lines between frames are skipped.
 *
 * <p>Every malformed input throws {@link DataFormatException} naming file, frame, line and field; a frame
 * is never returned half read.
 */
public final class ExtXyzReader implements Iterator<Structure>, Closeable {
    private final BufferedReader in;
    private final String name;
    private final ExtXyz.Options opt;
    private long lineNo;
    private int frame;
    private FrameHeader previous;          // the last frame read, to tell a wrong atom count from a malformed line
    private long previousCountAt, previousAtoms;
    private Structure next;
    private boolean done;

    ExtXyzReader(BufferedReader in, String name, ExtXyz.Options options) {
        this.in = in;
        this.name = name;
        this.opt = options;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            if (opt.maxFrames() > 0 && frame >= opt.maxFrames()) done = true;
            else {
                next = readFrame();
                if (next == null) done = true;
            }
        }
        return next != null;
    }

    @Override
    public Structure next() {
        if (!hasNext()) throw new NoSuchElementException(name + ": no more frames");
        Structure s = next;
        next = null;
        frame++;
        return s;
    }

    /** Reads all remaining frames (up to maxFrames). */
    public List<Structure> readAll() {
        List<Structure> out = new ArrayList<>();
        while (hasNext()) out.add(next());
        return out;
    }

    @Override
    public void close() throws IOException { in.close(); }

    private String line() {
        try {
            String l = in.readLine();
            if (l != null) lineNo++;
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": frame " + frame + ", line " + (lineNo + 1) + ": cannot read: " + FileErrors.reason(e), e);
        }
    }

    private DataFormatException err(long line, String field, String detail) {
        return new DataFormatException(name, frame, line, field, detail);
    }

    private Structure readFrame() {
        String countLine = line();
        while (countLine != null && countLine.isBlank()) countLine = line();
        if (countLine == null) return null;
        long countAt = lineNo;
        String ct = countLine.strip();
        long n;
        try {
            n = Long.parseLong(ct);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || ct.startsWith("+")) {
            if (previous != null && split(countLine, new int[0], new int[0]) == previous.totalCols)
                throw new DataFormatException(name, frame - 1, previousCountAt, "atom count", "the atom count on line " + previousCountAt + " says "
                        + previousAtoms + " atoms, but line " + countAt + " is one more atom line ('" + shorten(ct) + "'); correct the count");
            throw err(countAt, "atom count", "bad atom-count line '" + shorten(ct) + "' (expected a non-negative integer)");
        }
        if (n > MAX_ATOMS) throw err(countAt, "atom count", "atom count " + n + " is more than a frame can hold here (" + MAX_ATOMS + ")");
        String comment = line();
        if (comment == null) throw err(countAt, "comment", "file ended after the atom-count line (expected the comment line)");
        long commentAt = lineNo;
        Map<String, String> kv;
        try {
            kv = ExtXyzComment.parse(comment);
        } catch (ExtXyzComment.SyntaxError e) {
            throw err(commentAt, e.key == null ? "comment" : e.key, e.getMessage());
        }
        FrameHeader h = FrameHeader.of(kv, opt, (field, detail) -> err(commentAt, field, detail));

        // arrays grow with the lines actually read, so a huge count in a small file allocates nothing big
        int cap = (int) Math.min(n, 1 << 12);
        double[] pos = new double[3 * cap];
        int[] z = new int[cap];
        double[] forces = h.forcesCol >= 0 ? new double[3 * cap] : null;
        int[] starts = new int[h.totalCols], ends = new int[h.totalCols];
        for (int i = 0; i < n; i++) {
            String l = line();
            if (l == null)
                throw err(lineNo, "atoms", "expected " + n + " atom lines (the atom count on line " + countAt + "), but the file ended after " + i);
            int found = split(l, starts, ends);
            if (found != h.totalCols) {
                if (found == 1 && isCount(l))
                    throw err(countAt, "atom count", "the atom count on line " + countAt + " says " + n + " atoms, but line " + lineNo
                            + " ('" + l.strip() + "') looks like the next frame's atom count after " + i + " atom lines; correct the count");
                throw err(lineNo, "columns", "wrong column count: expected " + h.totalCols + " (Properties="
                        + h.propertiesText + "), found " + found);
            }
            if (i == cap) {
                cap = (int) Math.min(n, 2L * cap);
                pos = Arrays.copyOf(pos, 3 * cap);
                z = Arrays.copyOf(z, cap);
                if (forces != null) forces = Arrays.copyOf(forces, 3 * cap);
            }
            for (int pi = 0; pi < h.props.size(); pi++) {
                FrameHeader.Prop p = h.props.get(pi);
                for (int c = 0; c < p.ncols(); c++) {
                    int col = p.firstCol() + c;
                    if (p.type() == 'R') {
                        double v = number(l, starts[col], ends[col], p.name(), col);
                        if (pi == h.posProp) pos[3 * i + c] = v;
                        else if (pi == h.forcesProp) forces[3 * i + c] = v;
                    } else if (p.type() == 'I') {
                        long v = integer(l, starts[col], ends[col], p.name(), col);
                        if (pi == h.speciesProp) z[i] = checkZ(v, i);
                    } else if (p.type() == 'L') {
                        String t = l.substring(starts[col], ends[col]);
                        if (!(ExtXyzComment.scalar(t) instanceof Boolean))
                            throw err(lineNo, p.name(), "expected T or F in column " + (col + 1) + ", found '" + t + "'");
                    } else if (pi == h.speciesProp) {
                        String sym = l.substring(starts[col], ends[col]);
                        if (!Elements.isSymbol(sym))
                            throw err(lineNo, p.name(), "unknown element symbol '" + sym + "' (atom " + i + ")");
                        z[i] = Elements.atomicNumber(sym);
                    }
                }
            }
        }
        previous = h;
        previousCountAt = countAt;
        previousAtoms = n;
        double[] stress = h.stress;
        if (h.virial != null) {
            double vol = h.cell == null ? 0 : Math.abs(Structure.det3(h.cell));
            if (!(vol > 0)) throw err(commentAt, "virial", "virial given but the cell volume is zero (no Lattice)");
            stress = new double[9];
            for (int k = 0; k < 9; k++) stress[k] = -h.virial[k] / vol;
        }
        try {
            return new Structure(pos, z, h.cell, h.pbc, h.energy, forces, stress, h.info);
        } catch (IllegalArgumentException e) {
            throw err(commentAt, "frame", e.getMessage());
        }
    }

    /** Largest atom count read: 3N coordinates must fit one Java array. */
    static final int MAX_ATOMS = (Integer.MAX_VALUE - 8) / 3;

    private static boolean isCount(String l) {
        String t = l.strip();
        return !t.isEmpty() && t.chars().allMatch(Character::isDigit);
    }

    private static String shorten(String s) { return s.length() <= 60 ? s : s.substring(0, 57) + "..."; }

    private int checkZ(long v, int atom) {
        if (v < 1 || v > Elements.MAX_Z)
            throw err(lineNo, "Z", "atomic number " + v + " outside 1.." + Elements.MAX_Z + " (atom " + atom + ")");
        return (int) v;
    }

    private double number(String l, int s, int e, String field, int col) {
        double v;
        try {
            v = FastDouble.parse(l, s, e);
        } catch (NumberFormatException ex) {
            throw err(lineNo, field, "non-numeric value '" + l.substring(s, e) + "' in column " + (col + 1));
        }
        if (!Double.isFinite(v))
            throw err(lineNo, field, "non-finite value '" + l.substring(s, e) + "' in column " + (col + 1));
        return v;
    }

    private long integer(String l, int s, int e, String field, int col) {
        try {
            return Long.parseLong(l, s, e, 10);
        } catch (NumberFormatException ex) {
            throw err(lineNo, field, "non-integer value '" + l.substring(s, e) + "' in column " + (col + 1));
        }
    }

    /** Whitespace tokens of l into starts/ends (at most their length); returns the token count. */
    private static int split(String l, int[] starts, int[] ends) {
        int n = l.length(), p = 0, k = 0;
        while (true) {
            while (p < n && l.charAt(p) <= ' ') p++;
            if (p >= n) return k;
            int s = p;
            while (p < n && l.charAt(p) > ' ') p++;
            if (k < starts.length) { starts[k] = s; ends[k] = p; }
            k++;
        }
    }
}
