/*
 * reduce.cu: sum / max / min over the middle axis of x viewed as (A, R, B).
 * One thread per output element reduces a chunk of r serially (coalesced over b). The host calls it
 * repeatedly with chunk = 256 until R <= 256, so long sums are evaluated as a two-level (or deeper) tree:
 *   y[a, c, b] = op_{r in [c·chunk, min(R, (c+1)·chunk))} x[a, r, b]
 * Op codes are org.jnequip.tensor.ReduceOp ordinals: SUM MAX MIN. Every chunk is non-empty (the host
 * handles R = 0), so max/min start from the chunk's first element.
 */
#include "prelude.h"

KERNEL void FN(reduce_mid)(int op, int A, int R, int B, int chunk, int nC,
                           GLOBAL const T* RESTRICT x, GLOBAL T* RESTRICT y) {
    int t = GID;
    if (t >= A * nC * B) return;
    int b = t % B, rest = t / B;
    int c = rest % nC, a = rest / nC;
    int r0 = c * chunk, r1 = min(R, r0 + chunk);
    GLOBAL const T* p = x + a * R * B + b;
    T acc = p[r0 * B];
    for (int r = r0 + 1; r < r1; r++) {
        T v = p[r * B];
        acc = op == 0 ? acc + v : (op == 1 ? fmax(acc, v) : fmin(acc, v));
    }
    y[t] = acc;
}
