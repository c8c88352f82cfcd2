package org.jnequip.tensor;

import java.util.Arrays;

/** Static helpers for shapes (int[] in row-major order). */
public final class Shape {
    private Shape() {}

    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
        }
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        return (int) n;
    }

    /** Product of the sizes before {@code axis}: how many blocks an along-axis op walks (row-major). */
    public static int outer(int[] shape, int axis) {
        int n = 1;
        for (int i = 0; i < axis; i++) n *= shape[i];
        return n;
    }

    /** Product of the sizes after {@code axis}: the contiguous run of one index along axis. */
    public static int inner(int[] shape, int axis) {
        int n = 1;
        for (int i = axis + 1; i < shape.length; i++) n *= shape[i];
        return n;
    }

    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
        return s;
    }

    /** Normalises a possibly negative axis against a rank. */
    public static int axis(int axis, int rank, String op) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new IllegalArgumentException(op + ": axis " + axis + " out of range for rank " + rank);
        return a;
    }

    /** NumPy broadcast of two shapes; throws naming the op and both shapes. */
    public static int[] broadcast(int[] a, int[] b, String op) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            int db = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " cannot be broadcast");
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides of shape s broadcast to {@code out}'s rank: 0 on broadcast (size-1 or missing) axes. */
    public static int[] broadcastStrides(int[] s, int[] out) {
        int r = out.length, off = r - s.length;
        int[] st = strides(s), res = new int[r];
        for (int i = 0; i < r; i++) res[i] = i < off || s[i - off] == 1 ? 0 : st[i - off];
        return res;
    }

    public static String str(int[] shape) { return Arrays.toString(shape); }

    public static int[] concat(int[] a, int... b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
