/*
 * layout.cu: data movement. strided_gather covers permute and expand (y[i] = x[Σ idx_d·stride_d] over the
 * output's multi-index); block_copy covers slice (rows of w contiguous elements), concat8 a concat of up to
 * eight sources in one pass, split8 up to eight slices of one source in one pass (the adjoint of concat8), pad_copy
 * a zero pad in one pass (zeros and the copy together).
 */
#include "prelude.h"

/* meta = shape[rank] | stride[rank]; y is row-major over shape. */
KERNEL void FN(strided_gather)(int n, int rank, GLOBAL const int* meta, GLOBAL const T* RESTRICT x, GLOBAL T* RESTRICT y) {
    int i = GID;
    if (i >= n) return;
    int rem = i, off = 0;
    for (int d = rank - 1; d >= 0; d--) {
        int s = meta[d], q = rem % s;
        rem /= s;
        off += q * meta[rank + d];
    }
    y[i] = x[off];
}

/* y[o·dstRow + dstOff + c] = x[o·srcRow + srcOff + c] for o < outer, c < w. */
KERNEL void FN(block_copy)(int outer, int w, int srcRow, int srcOff, int dstRow, int dstOff,
                           GLOBAL const T* RESTRICT x, GLOBAL T* RESTRICT y) {
    int t = GID;
    if (t >= outer * w) return;
    int o = t / w, c = t - o * w;
    y[o * dstRow + dstOff + c] = x[o * srcRow + srcOff + c];
}

/*
 * Up to eight sources side by side: y[o·dstRow + dstOff + c] for c < Σ w_s takes source s (the one whose
 * column range [w_0 + .. + w_{s-1}, .. + w_s) holds c) at x_s[o·w_s + c − start_s]. Unused sources have w = 0.
 */
KERNEL void FN(concat8)(int outer, int dstRow, int dstOff, int w0, int w1, int w2, int w3, int w4, int w5, int w6, int w7,
                        GLOBAL const T* x0, GLOBAL const T* x1, GLOBAL const T* x2, GLOBAL const T* x3,
                        GLOBAL const T* x4, GLOBAL const T* x5, GLOBAL const T* x6, GLOBAL const T* x7, GLOBAL T* y) {
    int w = w0 + w1 + w2 + w3 + w4 + w5 + w6 + w7;
    int t = GID;
    if (t >= outer * w) return;
    int o = t / w, c = t - o * w;
    T v;
    if (c < w0) v = x0[o * w0 + c];
    else if ((c -= w0) < w1) v = x1[o * w1 + c];
    else if ((c -= w1) < w2) v = x2[o * w2 + c];
    else if ((c -= w2) < w3) v = x3[o * w3 + c];
    else if ((c -= w3) < w4) v = x4[o * w4 + c];
    else if ((c -= w4) < w5) v = x5[o * w5 + c];
    else if ((c -= w5) < w6) v = x6[o * w6 + c];
    else v = x7[o * w7 + (c - w6)];
    y[o * dstRow + dstOff + (t - o * w)] = v;
}

/*
 * Up to eight slices of x's rows (outer, srcRow) in one pass: for c < Σ w_s, piece s (the one whose range
 * [w_0 + .. + w_{s-1}, .. + w_s) holds c) gets y_s[o·w_s + c − start_s] = x[o·srcRow + off_s + c − start_s].
 * Unused pieces have w = 0 (their pointers are never written).
 */
KERNEL void FN(split8)(int outer, int srcRow, int f0, int f1, int f2, int f3, int f4, int f5, int f6, int f7,
                       int w0, int w1, int w2, int w3, int w4, int w5, int w6, int w7, GLOBAL const T* RESTRICT x,
                       GLOBAL T* y0, GLOBAL T* y1, GLOBAL T* y2, GLOBAL T* y3,
                       GLOBAL T* y4, GLOBAL T* y5, GLOBAL T* y6, GLOBAL T* y7) {
    int w = w0 + w1 + w2 + w3 + w4 + w5 + w6 + w7;
    int t = GID;
    if (t >= outer * w) return;
    int o = t / w, c = t - o * w, row = o * srcRow;
    if (c < w0) y0[o * w0 + c] = x[row + f0 + c];
    else if ((c -= w0) < w1) y1[o * w1 + c] = x[row + f1 + c];
    else if ((c -= w1) < w2) y2[o * w2 + c] = x[row + f2 + c];
    else if ((c -= w2) < w3) y3[o * w3 + c] = x[row + f3 + c];
    else if ((c -= w3) < w4) y4[o * w4 + c] = x[row + f4 + c];
    else if ((c -= w4) < w5) y5[o * w5 + c] = x[row + f5 + c];
    else if ((c -= w5) < w6) y6[o * w6 + c] = x[row + f6 + c];
    else { c -= w6; y7[o * w7 + c] = x[row + f7 + c]; }
}

/* y (outer, dstRow): y[o, c] = x[o, c − before] for before <= c < before + w, zero elsewhere. */
KERNEL void FN(pad_copy)(int outer, int dstRow, int before, int w, GLOBAL const T* RESTRICT x, GLOBAL T* RESTRICT y) {
    int t = GID;
    if (t >= outer * dstRow) return;
    int o = t / dstRow, c = t - o * dstRow - before;
    y[t] = c >= 0 && c < w ? x[o * w + c] : LIT(0);
}
