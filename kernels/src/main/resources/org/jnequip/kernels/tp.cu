/*
 * tp.cu: tpContract on a batch of Z samples, one thread per element of the open operand.
 * Row strides s1, s2, sw, sg select each sample's row (sw = 0 for weights shared by all samples).
 * tp_w_partial sums the weight gradient over a chunk of samples (shared weights); the
 * host finishes the sum with reduce_mid.
 */
#include "prelude.h"
#include "tp_common.h"

KERNEL void FN(tp_out)(int Z, int dimOut, int P, GLOBAL const int* tab, int ent, GLOBAL const T* cf, int hasW,
                       GLOBAL const T* x1, int s1, GLOBAL const T* x2, int s2, GLOBAL const T* w, int sw,
                       GLOBAL T* out) {
    int t = GID;
    if (t >= Z * dimOut) return;
    int z = t / dimOut, o = t - z * dimOut;
    out[t] = FN(tp_out_elem)(P, tab, ent, cf, hasW, x1 + z * s1, x2 + z * s2, w + z * sw, o);
}

KERNEL void FN(tp_x1)(int Z, int dim1, int P, GLOBAL const int* tab, int ent, GLOBAL const T* cf, int hasW,
                      GLOBAL const T* g, int sg, GLOBAL const T* x2, int s2, GLOBAL const T* w, int sw,
                      GLOBAL T* out) {
    int t = GID;
    if (t >= Z * dim1) return;
    int z = t / dim1, i = t - z * dim1;
    out[t] = FN(tp_x1_elem)(P, tab, ent, cf, hasW, g + z * sg, x2 + z * s2, w + z * sw, i);
}

KERNEL void FN(tp_x2)(int Z, int dim2, int P, GLOBAL const int* tab, int ent, GLOBAL const T* cf, int hasW,
                      GLOBAL const T* x1, int s1, GLOBAL const T* g, int sg, GLOBAL const T* w, int sw,
                      GLOBAL T* out) {
    int t = GID;
    if (t >= Z * dim2) return;
    int z = t / dim2, j = t - z * dim2;
    out[t] = FN(tp_x2_elem)(P, tab, ent, cf, hasW, x1 + z * s1, g + z * sg, w + z * sw, j);
}

/* per-sample weight gradient: out (Z, WN) */
KERNEL void FN(tp_w)(int Z, int WN, int P, GLOBAL const int* tab, int ent, GLOBAL const T* cf,
                     GLOBAL const T* x1, int s1, GLOBAL const T* x2, int s2, GLOBAL const T* g, int sg,
                     GLOBAL T* out) {
    int t = GID;
    if (t >= Z * WN) return;
    int z = t / WN, q = t - z * WN;
    out[t] = FN(tp_w_elem)(P, tab, ent, cf, x1 + z * s1, x2 + z * s2, g + z * sg, q);
}

/* shared-weight gradient, first level: out (nC, WN), out[c, q] = Σ_{z in chunk c} elem(z, q) */
KERNEL void FN(tp_w_partial)(int Z, int WN, int chunk, int nC, int P, GLOBAL const int* tab, int ent,
                             GLOBAL const T* cf, GLOBAL const T* x1, int s1, GLOBAL const T* x2, int s2,
                             GLOBAL const T* g, int sg, GLOBAL T* out) {
    int t = GID;
    if (t >= nC * WN) return;
    int c = t / WN, q = t - c * WN;
    int z1 = min(Z, (c + 1) * chunk);
    T acc = LIT(0);
    for (int z = c * chunk; z < z1; z++) acc += FN(tp_w_elem)(P, tab, ent, cf, x1 + z * s1, x2 + z * s2, g + z * sg, q);
    out[t] = acc;
}
