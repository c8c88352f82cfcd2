package org.jnequip.tensor.cpu;

import org.jnequip.tensor.BinaryOp;

/**
 * Broadcasting leaf loops (NumPy rules): y[idx] = op(a[idx·sa], b[idx·sb]) and y[idx] = c[idx·sc] != 0 ? a : b,
 * where the strides are 0 on broadcast axes. Axes are first coalesced (size-1 axes dropped, neighbours merged
 * when every operand is contiguous across them), so e.g. (N, C) ⊙ (C) becomes rows of C with one stride-0
 * operand. The last axis is the inner loop, specialised for the common stride patterns; rows run in parallel,
 * each output row written by one task.
 */
final class Broadcast {
    private Broadcast() {}

    /** Coalesced problem: dims[0..r) and one stride row per operand. */
    private record Plan(int[] dims, int[][] st) {
        int rank() { return dims.length; }
        int inner() { return dims.length == 0 ? 1 : dims[dims.length - 1]; }
        int rows() { int n = 1; for (int i = 0; i < dims.length - 1; i++) n *= dims[i]; return n; }
    }

    static Plan plan(int[] shape, int[]... strides) {
        int r = shape.length, q = strides.length, out = 0;
        int[] dims = new int[r];
        int[][] st = new int[q][r];
        for (int i = 0; i < r; i++) {
            if (shape[i] == 1) continue;
            boolean merge = out > 0;
            for (int t = 0; t < q && merge; t++) merge = st[t][out - 1] == strides[t][i] * shape[i];
            if (merge) {
                dims[out - 1] *= shape[i];
                for (int t = 0; t < q; t++) st[t][out - 1] = strides[t][i];
            } else {
                dims[out] = shape[i];
                for (int t = 0; t < q; t++) st[t][out] = strides[t][i];
                out++;
            }
        }
        int[] d = java.util.Arrays.copyOf(dims, out);
        int[][] s = new int[q][];
        for (int t = 0; t < q; t++) s[t] = java.util.Arrays.copyOf(st[t], out);
        return new Plan(d, s);
    }

    /** Offset of operand t at the start of row {@code row} (multi-index over all but the last axis). */
    private static int rowOffset(Plan p, int t, int row) {
        int off = 0;
        for (int ax = p.rank() - 2; ax >= 0; ax--) {
            off += (row % p.dims()[ax]) * p.st()[t][ax];
            row /= p.dims()[ax];
        }
        return off;
    }

    static void binary(BinaryOp op, Object a, Object b, Object y, int[] shape, int[] sa, int[] sb) {
        Plan p = plan(shape, sa, sb);
        int inner = p.inner(), rows = p.rows(), r = p.rank();
        int ia = r == 0 ? 0 : p.st()[0][r - 1], ib = r == 0 ? 0 : p.st()[1][r - 1];
        if (inner == 0) return;
        Parallel.forRange(rows, inner * 2L, (lo, hi) -> {
            for (int row = lo; row < hi; row++) {
                int oa = rowOffset(p, 0, row), ob = rowOffset(p, 1, row), oy = row * inner;
                if (y instanceof double[] yd) rowD(op, (double[]) a, oa, ia, (double[]) b, ob, ib, yd, oy, inner);
                else rowF(op, (float[]) a, oa, ia, (float[]) b, ob, ib, (float[]) y, oy, inner);
            }
        });
    }

    private static void rowD(BinaryOp op, double[] a, int oa, int ia, double[] b, int ob, int ib, double[] y, int oy, int n) {
        if (ia == 1 && ib == 0) {
            double s = b[ob];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) y[oy + i] = a[oa + i] + s; }
                case SUB -> { for (int i = 0; i < n; i++) y[oy + i] = a[oa + i] - s; }
                case MUL -> { for (int i = 0; i < n; i++) y[oy + i] = a[oa + i] * s; }
                case DIV -> { for (int i = 0; i < n; i++) y[oy + i] = a[oa + i] / s; }
                default -> { for (int i = 0; i < n; i++) y[oy + i] = op.apply(a[oa + i], s); }
            }
        } else if (ia == 0 && ib == 1) {
            double s = a[oa];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) y[oy + i] = s + b[ob + i]; }
                case SUB -> { for (int i = 0; i < n; i++) y[oy + i] = s - b[ob + i]; }
                case MUL -> { for (int i = 0; i < n; i++) y[oy + i] = s * b[ob + i]; }
                case DIV -> { for (int i = 0; i < n; i++) y[oy + i] = s / b[ob + i]; }
                default -> { for (int i = 0; i < n; i++) y[oy + i] = op.apply(s, b[ob + i]); }
            }
        } else {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) y[oy + i] = a[oa + i * ia] + b[ob + i * ib]; }
                case SUB -> { for (int i = 0; i < n; i++) y[oy + i] = a[oa + i * ia] - b[ob + i * ib]; }
                case MUL -> { for (int i = 0; i < n; i++) y[oy + i] = a[oa + i * ia] * b[ob + i * ib]; }
                case DIV -> { for (int i = 0; i < n; i++) y[oy + i] = a[oa + i * ia] / b[ob + i * ib]; }
                default -> { for (int i = 0; i < n; i++) y[oy + i] = op.apply(a[oa + i * ia], b[ob + i * ib]); }
            }
        }
    }

    private static void rowF(BinaryOp op, float[] a, int oa, int ia, float[] b, int ob, int ib, float[] y, int oy, int n) {
        if (ia == 1 && ib == 0) {
            float s = b[ob];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) y[oy + i] = a[oa + i] + s; }
                case SUB -> { for (int i = 0; i < n; i++) y[oy + i] = a[oa + i] - s; }
                case MUL -> { for (int i = 0; i < n; i++) y[oy + i] = a[oa + i] * s; }
                case DIV -> { for (int i = 0; i < n; i++) y[oy + i] = a[oa + i] / s; }
                default -> { for (int i = 0; i < n; i++) y[oy + i] = (float) op.apply(a[oa + i], s); }
            }
        } else if (ia == 0 && ib == 1) {
            float s = a[oa];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) y[oy + i] = s + b[ob + i]; }
                case SUB -> { for (int i = 0; i < n; i++) y[oy + i] = s - b[ob + i]; }
                case MUL -> { for (int i = 0; i < n; i++) y[oy + i] = s * b[ob + i]; }
                case DIV -> { for (int i = 0; i < n; i++) y[oy + i] = s / b[ob + i]; }
                default -> { for (int i = 0; i < n; i++) y[oy + i] = (float) op.apply(s, b[ob + i]); }
            }
        } else {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) y[oy + i] = a[oa + i * ia] + b[ob + i * ib]; }
                case SUB -> { for (int i = 0; i < n; i++) y[oy + i] = a[oa + i * ia] - b[ob + i * ib]; }
                case MUL -> { for (int i = 0; i < n; i++) y[oy + i] = a[oa + i * ia] * b[ob + i * ib]; }
                case DIV -> { for (int i = 0; i < n; i++) y[oy + i] = a[oa + i * ia] / b[ob + i * ib]; }
                default -> { for (int i = 0; i < n; i++) y[oy + i] = (float) op.apply(a[oa + i * ia], b[ob + i * ib]); }
            }
        }
    }

    /** y = c != 0 ? a : b with broadcasting; c may have either dtype. */
    static void where(Object c, Object a, Object b, Object y, int[] shape, int[] sc, int[] sa, int[] sb) {
        Plan p = plan(shape, sc, sa, sb);
        int inner = p.inner(), rows = p.rows(), r = p.rank();
        if (inner == 0) return;
        int ic = r == 0 ? 0 : p.st()[0][r - 1], ia = r == 0 ? 0 : p.st()[1][r - 1], ib = r == 0 ? 0 : p.st()[2][r - 1];
        Parallel.forRange(rows, inner, (lo, hi) -> {
            for (int row = lo; row < hi; row++) {
                int oc = rowOffset(p, 0, row), oa = rowOffset(p, 1, row), ob = rowOffset(p, 2, row), oy = row * inner;
                if (y instanceof double[] yd) {
                    double[] ad = (double[]) a, bd = (double[]) b;
                    if (c instanceof double[] cd) for (int i = 0; i < inner; i++) yd[oy + i] = cd[oc + i * ic] != 0 ? ad[oa + i * ia] : bd[ob + i * ib];
                    else { float[] cf = (float[]) c; for (int i = 0; i < inner; i++) yd[oy + i] = cf[oc + i * ic] != 0 ? ad[oa + i * ia] : bd[ob + i * ib]; }
                } else {
                    float[] yf = (float[]) y, af = (float[]) a, bf = (float[]) b;
                    if (c instanceof double[] cd) for (int i = 0; i < inner; i++) yf[oy + i] = cd[oc + i * ic] != 0 ? af[oa + i * ia] : bf[ob + i * ib];
                    else { float[] cf = (float[]) c; for (int i = 0; i < inner; i++) yf[oy + i] = cf[oc + i * ic] != 0 ? af[oa + i * ia] : bf[ob + i * ib]; }
                }
            }
        });
    }
}
