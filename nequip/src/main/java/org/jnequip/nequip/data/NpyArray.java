package org.jnequip.nequip.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One NumPy {@code .npy} array, decoded into doubles.
 *
 * <p>Format (NPY 1.0/2.0/3.0): the magic {@code \x93NUMPY}, major and minor version bytes, the header
 * length (uint16 little-endian for v1, uint32 for v2/v3), then a Python dict literal
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (F, N, 3), }}, then the raw data in C order.
 * Supported dtypes: {@code <f8 <f4 <i8 <i4 |u1 |i1 |b1}; Fortran order and big-endian data are rejected.
 * Values are exact in double for the integer dtypes up to 2^53 in magnitude.
 *
 * @param descr the dtype string, e.g. "&lt;f8"
 * @param shape dimensions (empty for a scalar)
 * @param data  the elements in C (row-major) order
 */
public record NpyArray(String descr, int[] shape, double[] data) {

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Number of elements (product of the shape). */
    public int size() { return data.length; }

    /** The values as ints, checking that each one is an integer; {@code what} names the array in errors. */
    public int[] toIntArray(String what) {
        int[] out = new int[data.length];
        for (int i = 0; i < out.length; i++) {
            double v = data[i];
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE)
                throw new IllegalArgumentException(what + ": element " + i + " = " + v + " is not an integer");
            out[i] = (int) v;
        }
        return out;
    }

    /** Shape as text, e.g. "(10, 9, 3)". */
    public String shapeString() {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) b.append(i > 0 ? ", " : "").append(shape[i]);
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** Decodes a complete .npy file; errors are IllegalArgumentException with the reason. */
    public static NpyArray parse(byte[] b) {
        if (b.length < 10 || (b[0] & 0xff) != 0x93 || !new String(b, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY"))
            throw new IllegalArgumentException("not an .npy array (bad magic)");
        int major = b[6] & 0xff;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long hlen;
        int hstart;
        if (major == 1) { hlen = bb.getShort(8) & 0xffff; hstart = 10; }
        else if (major == 2 || major == 3) {
            if (b.length < 12) throw new IllegalArgumentException("truncated .npy header");
            hlen = bb.getInt(8) & 0xffffffffL;
            hstart = 12;
        } else throw new IllegalArgumentException("unsupported .npy version " + major + "." + (b[7] & 0xff));
        if (hstart + hlen > b.length) throw new IllegalArgumentException("truncated .npy header");
        String header = new String(b, hstart, (int) hlen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find()) throw new IllegalArgumentException("unsupported or missing 'descr' in header " + header.strip()
                + " (structured dtypes are not supported)");
        if (!f.find() || !s.find()) throw new IllegalArgumentException("malformed .npy header " + header.strip());
        if (f.group(1).equals("True"))
            throw new IllegalArgumentException("fortran_order=True is not supported (save the array in C order, e.g. np.ascontiguousarray)");
        String descr = d.group(1);
        int[] shape = parseShape(s.group(1));
        long count = 1;
        for (int x : shape) count *= x;
        int item = itemSize(descr);
        int off = hstart + (int) hlen;
        if (count > Integer.MAX_VALUE || off + count * item > b.length)
            throw new IllegalArgumentException("data too short: shape " + java.util.Arrays.toString(shape) + " of " + descr
                    + " needs " + count * item + " bytes, found " + (b.length - off));
        double[] out = new double[(int) count];
        ByteBuffer body = bb.slice(off, (int) count * item).order(ByteOrder.LITTLE_ENDIAN);
        switch (descr.substring(1)) {
            case "f8" -> body.asDoubleBuffer().get(out);
            case "f4" -> { var fb = body.asFloatBuffer(); for (int i = 0; i < out.length; i++) out[i] = fb.get(i); }
            case "i8" -> { var lb = body.asLongBuffer(); for (int i = 0; i < out.length; i++) out[i] = lb.get(i); }
            case "i4" -> { var ib = body.asIntBuffer(); for (int i = 0; i < out.length; i++) out[i] = ib.get(i); }
            case "i1" -> { for (int i = 0; i < out.length; i++) out[i] = b[off + i]; }
            default -> { for (int i = 0; i < out.length; i++) out[i] = b[off + i] & 0xff; } // u1, b1
        }
        return new NpyArray(descr, shape, out);
    }

    private static int itemSize(String descr) {
        if (descr.length() < 2) throw new IllegalArgumentException("unsupported dtype '" + descr + "'");
        char order = descr.charAt(0);
        String t = descr.substring(1);
        int size = switch (t) {
            case "f8", "i8" -> 8;
            case "f4", "i4" -> 4;
            case "u1", "i1", "b1" -> 1;
            default -> throw new IllegalArgumentException("unsupported dtype '" + descr
                    + "' (supported: <f8 <f4 <i8 <i4 |u1 |i1 |b1)");
        };
        if (order == '>' && size > 1) throw new IllegalArgumentException("big-endian dtype '" + descr + "' is not supported");
        if (order != '<' && order != '|' && order != '=' && !(order == '>' && size == 1))
            throw new IllegalArgumentException("unsupported dtype '" + descr + "'");
        return size;
    }

    private static int[] parseShape(String inner) {
        List<Integer> dims = new ArrayList<>();
        for (String t : inner.split(",")) {
            String x = t.strip();
            if (x.endsWith("L")) x = x.substring(0, x.length() - 1);
            if (x.isEmpty()) continue;
            try {
                int v = Integer.parseInt(x);
                if (v < 0) throw new NumberFormatException();
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad shape entry '" + t.strip() + "' in (" + inner + ")");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }
}
