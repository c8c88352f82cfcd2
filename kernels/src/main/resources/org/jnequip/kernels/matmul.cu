/*
 * matmul.cu: batched C(z) = alpha · op(A(z)) · op(B(z)), op = identity or transpose, row-major, tiled 16x16 in
 * local/shared memory. A stored (M, K) or, with transA, (K, M); B stored (K, N) or, with transB, (N, K).
 * sA / sB are the batch strides (0 broadcasts a 2-D operand). Launch: global (⌈N/16⌉·16, ⌈M/16⌉·16, batch),
 * local (16, 16, 1). Each thread owns C[row, col] and accumulates Σ_k over K in tiles of 16.
 */
#include "prelude.h"

#define TILE 16

KERNEL void FN(matmul)(int M, int N, int K, int sA, int sB, int transA, int transB, T alpha,
                       GLOBAL const T* RESTRICT A, GLOBAL const T* RESTRICT B, GLOBAL T* RESTRICT Cm) {
    LOCAL_MEM T As[TILE][TILE + 1];
    LOCAL_MEM T Bs[TILE][TILE + 1];
    int tx = LID_X, ty = LID_Y, z = GROUP_Z;
    int row = GROUP_Y * TILE + ty, col = GROUP_X * TILE + tx;
    GLOBAL const T* a = A + z * sA;
    GLOBAL const T* b = B + z * sB;
    T acc = LIT(0);
    for (int t0 = 0; t0 < K; t0 += TILE) {
        int ka = t0 + tx, kb = t0 + ty;
        As[ty][tx] = (row < M && ka < K) ? (transA ? a[ka * M + row] : a[row * K + ka]) : LIT(0);
        Bs[ty][tx] = (kb < K && col < N) ? (transB ? b[col * K + kb] : b[kb * N + col]) : LIT(0);
        BARRIER();
        for (int q = 0; q < TILE; q++) acc += As[ty][q] * Bs[q][tx];
        BARRIER();
    }
    if (row < M && col < N) Cm[z * M * N + row * N + col] = alpha * acc;
}

#undef TILE
