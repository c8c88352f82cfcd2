/*
 * index.cu: gather (index_select) and scatter-sum (index_add) along one axis of x viewed as
 * (outer, axis, inner).
 *   gather:          y[o, i, c] = x[o, index[i], c]
 *   scatter_csr:     y[o, t, c] = Σ_{q in start[t]..start[t+1]} src[o, order[q], c]   (deterministic:
 *                    one thread per output element, sources in ascending order, as CpuBackend.indexAdd)
 *   scatter_atomic:  y[o, index[i], c] += src[o, i, c] with float atomics (y zeroed first; order varies)
 * csr packs start[size+1] followed by order[n].
 */
#include "prelude.h"

KERNEL void FN(gather)(int outer, int n, int inner, int rowIn, GLOBAL const int* index,
                       GLOBAL const T* RESTRICT x, GLOBAL T* RESTRICT y) {
    int t = GID;
    if (t >= outer * n * inner) return;
    int c = t % inner, rest = t / inner;
    int i = rest % n, o = rest / n;
    y[t] = x[o * rowIn + index[i] * inner + c];
}

KERNEL void FN(scatter_csr)(int outer, int size, int inner, int n, GLOBAL const int* csr,
                            GLOBAL const T* RESTRICT src, GLOBAL T* RESTRICT y) {
    int t = GID;
    if (t >= outer * size * inner) return;
    int c = t % inner, rest = t / inner;
    int g = rest % size, o = rest / size;
    GLOBAL const int* order = csr + size + 1;
    T acc = LIT(0);
    for (int q = csr[g]; q < csr[g + 1]; q++) acc += src[(o * n + order[q]) * inner + c];
    y[t] = acc;
}

KERNEL void FN(scatter_atomic)(int outer, int n, int inner, int size, GLOBAL const int* index,
                               GLOBAL const T* RESTRICT src, GLOBAL T* y) {
    int t = GID;
    if (t >= outer * n * inner) return;
    int c = t % inner, rest = t / inner;
    int i = rest % n, o = rest / n;
    ATOMIC_ADD_T(&y[(o * size + index[i]) * inner + c], src[t]);
}
