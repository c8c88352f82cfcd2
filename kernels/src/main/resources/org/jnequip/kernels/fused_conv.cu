/*
 * fused_conv.cu: NequIP's convolution, TP + scatter-sum in one pass, without materialising the per-edge
 * messages (E, dimOut). With edges e = (src[e] -> dst[e]), node features x (N, dim1), edge attributes
 * sh (E, dim2) and per-edge weights w (E, WN) (sw = 0: shared):
 *   forward   out[n] = Σ_{e: dst[e] = n} TP(x[src[e]], sh[e], w[e])                  (CSR by dst)
 *   backward  gx[m]  = Σ_{e: src[e] = m} TP_x1(g[dst[e]], sh[e], w[e])              (CSR by src)
 *             gsh[e] = TP_x2(x[src[e]], g[dst[e]], w[e]),  gw[e] = TP_w(x[src[e]], sh[e], g[dst[e]])
 * Each thread owns one output element and sums its edges in ascending edge order (deterministic, no atomics).
 * csr packs start[N+1] followed by the edge order[E].
 */
#include "prelude.h"
#include "tp_common.h"

KERNEL void FN(conv_fwd)(int N, int dimOut, int dim1, int dim2, int P, GLOBAL const int* tab, int ent,
                         GLOBAL const T* cf, int hasW, GLOBAL const T* x, GLOBAL const T* sh, GLOBAL const T* w,
                         int sw, GLOBAL const int* csrDst, GLOBAL const int* src, GLOBAL T* out) {
    int t = GID;
    if (t >= N * dimOut) return;
    int n = t / dimOut, o = t - n * dimOut;
    GLOBAL const int* order = csrDst + N + 1;
    T acc = LIT(0);
    for (int q = csrDst[n]; q < csrDst[n + 1]; q++) {
        int e = order[q];
        acc += FN(tp_out_elem)(P, tab, ent, cf, hasW, x + src[e] * dim1, sh + e * dim2, w + e * sw, o);
    }
    out[t] = acc;
}

KERNEL void FN(conv_bwd_x)(int N, int dim1, int dimOut, int dim2, int P, GLOBAL const int* tab, int ent,
                           GLOBAL const T* cf, int hasW, GLOBAL const T* g, GLOBAL const T* sh, GLOBAL const T* w,
                           int sw, GLOBAL const int* csrSrc, GLOBAL const int* dst, GLOBAL T* gx) {
    int t = GID;
    if (t >= N * dim1) return;
    int m = t / dim1, i = t - m * dim1;
    GLOBAL const int* order = csrSrc + N + 1;
    T acc = LIT(0);
    for (int q = csrSrc[m]; q < csrSrc[m + 1]; q++) {
        int e = order[q];
        acc += FN(tp_x1_elem)(P, tab, ent, cf, hasW, g + dst[e] * dimOut, sh + e * dim2, w + e * sw, i);
    }
    gx[t] = acc;
}

KERNEL void FN(conv_bwd_sh)(int E, int dim2, int dim1, int dimOut, int P, GLOBAL const int* tab, int ent,
                            GLOBAL const T* cf, int hasW, GLOBAL const T* x, GLOBAL const T* g, GLOBAL const T* w,
                            int sw, GLOBAL const int* src, GLOBAL const int* dst, GLOBAL T* gsh) {
    int t = GID;
    if (t >= E * dim2) return;
    int e = t / dim2, j = t - e * dim2;
    gsh[t] = FN(tp_x2_elem)(P, tab, ent, cf, hasW, x + src[e] * dim1, g + dst[e] * dimOut, w + e * sw, j);
}

KERNEL void FN(conv_bwd_w)(int E, int WN, int dim1, int dim2, int dimOut, int P, GLOBAL const int* tab, int ent,
                           GLOBAL const T* cf, GLOBAL const T* x, GLOBAL const T* sh, GLOBAL const T* g,
                           GLOBAL const int* src, GLOBAL const int* dst, GLOBAL T* gw) {
    int t = GID;
    if (t >= E * WN) return;
    int e = t / WN, q = t - e * WN;
    gw[t] = FN(tp_w_elem)(P, tab, ent, cf, x + src[e] * dim1, sh + e * dim2, g + dst[e] * dimOut, q);
}
