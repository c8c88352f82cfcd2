/*
 * layout.cu: data movement. strided_gather covers permute and expand (y[i] = x[Σ idx_d·stride_d] over the
 * output's multi-index); block_copy covers slice and concat (rows of w contiguous elements).
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
