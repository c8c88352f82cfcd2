/*
 * elementwise.cu: unary and binary maps, NumPy broadcasting, where, affine, fill, one_hot.
 * One thread per output element. Op codes are the ordinals of org.jnequip.tensor.UnaryOp / BinaryOp.
 * Broadcast metadata (meta, int): shape[rank], then one stride vector per operand in the output's rank,
 * 0 on broadcast axes (CpuBackend.bstrides).
 */
#include "prelude.h"

/* sigmoid without overflow: 1/(1+e^-x) for x >= 0, e^x/(1+e^x) otherwise (UnaryOp.SIGMOID). */
DEVICE T FN(sigmoid)(T x) {
    if (x >= LIT(0)) return LIT(1) / (LIT(1) + exp(-x));
    T e = exp(x);
    return e / (LIT(1) + e);
}

/* UnaryOp: NEG ABS SIGN EXP LOG SQRT RSQRT RECIPROCAL SQUARE SIN COS TANH SIGMOID SILU SOFTPLUS RELU SILU_GRAD SILU_SECOND */
DEVICE T FN(unary_op)(int op, T x) {
    switch (op) {
        case 0: return -x;
        case 1: return fabs(x);
        case 2: return x > LIT(0) ? LIT(1) : (x < LIT(0) ? LIT(-1) : x);   /* signum keeps +-0 and NaN */
        case 3: return exp(x);
        case 4: return log(x);
        case 5: return sqrt(x);
        case 6: return LIT(1) / sqrt(x);
        case 7: return LIT(1) / x;
        case 8: return x * x;
        case 9: return sin(x);
        case 10: return cos(x);
        case 11: return tanh(x);
        case 12: return FN(sigmoid)(x);
        case 13: return x * FN(sigmoid)(x);
        case 14: return fmax(x, LIT(0)) + log1p(exp(-fabs(x)));
        case 15: return x > LIT(0) ? x : LIT(0);
        case 16: {                                              /* silu'(x) = σ(1 + x(1 − σ)) */
            T s = FN(sigmoid)(x);
            return s * (LIT(1) + x * (LIT(1) - s));
        }
        default: {                                              /* silu''(x) = σ(1 − σ)(2 + x(1 − 2σ)) */
            T s = FN(sigmoid)(x);
            return s * (LIT(1) - s) * (LIT(2) + x * (LIT(1) - LIT(2) * s));
        }
    }
}

/* BinaryOp: ADD SUB MUL DIV POW MAX MIN GT GE LT LE EQ (comparisons give 1 or 0) SILU_BACKWARD (a·silu'(b)). */
DEVICE T FN(binary_op)(int op, T a, T b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 3: return a / b;
        case 4: return pow(a, b);
        case 5: return fmax(a, b);
        case 6: return fmin(a, b);
        case 7: return a > b ? LIT(1) : LIT(0);
        case 8: return a >= b ? LIT(1) : LIT(0);
        case 9: return a < b ? LIT(1) : LIT(0);
        case 10: return a <= b ? LIT(1) : LIT(0);
        case 11: return a == b ? LIT(1) : LIT(0);
        default: return a * FN(unary_op)(16, b);
    }
}

/* y = scale · op(x) (scale 1 for the plain map). */
KERNEL void FN(unary)(int op, int n, T scale, GLOBAL const T* RESTRICT x, GLOBAL T* RESTRICT y) {
    int i = GID;
    if (i < n) y[i] = scale * FN(unary_op)(op, x[i]);
}

KERNEL void FN(binary)(int op, int n, GLOBAL const T* a, GLOBAL const T* b, GLOBAL T* y) {
    int i = GID;
    if (i < n) y[i] = FN(binary_op)(op, a[i], b[i]);
}

/* y[i] = op(a[Σ idx_d sa_d], b[Σ idx_d sb_d]) with meta = shape[rank] | sa[rank] | sb[rank]. */
KERNEL void FN(binary_bcast)(int op, int n, int rank, GLOBAL const int* meta,
                             GLOBAL const T* a, GLOBAL const T* b, GLOBAL T* y) {
    int i = GID;
    if (i >= n) return;
    int rem = i, oa = 0, ob = 0;
    for (int d = rank - 1; d >= 0; d--) {
        int s = meta[d], q = rem % s;
        rem /= s;
        oa += q * meta[rank + d];
        ob += q * meta[2 * rank + d];
    }
    y[i] = FN(binary_op)(op, a[oa], b[ob]);
}

/* y = cond != 0 ? a : b, all three broadcast: meta = shape | s_cond | s_a | s_b. */
KERNEL void FN(where_bcast)(int n, int rank, GLOBAL const int* meta,
                            GLOBAL const T* cond, GLOBAL const T* a, GLOBAL const T* b, GLOBAL T* y) {
    int i = GID;
    if (i >= n) return;
    int rem = i, oc = 0, oa = 0, ob = 0;
    for (int d = rank - 1; d >= 0; d--) {
        int s = meta[d], q = rem % s;
        rem /= s;
        oc += q * meta[rank + d];
        oa += q * meta[2 * rank + d];
        ob += q * meta[3 * rank + d];
    }
    y[i] = cond[oc] != LIT(0) ? a[oa] : b[ob];
}

/* y = alpha·x + beta */
KERNEL void FN(affine)(int n, T alpha, T beta, GLOBAL const T* RESTRICT x, GLOBAL T* RESTRICT y) {
    int i = GID;
    if (i < n) y[i] = alpha * x[i] + beta;
}

KERNEL void FN(fill)(int n, T v, GLOBAL T* y) {
    int i = GID;
    if (i < n) y[i] = v;
}

/* y (len, n): y[r, c] = (c == index[r]) */
KERNEL void FN(one_hot)(int len, int n, GLOBAL const int* index, GLOBAL T* y) {
    int t = GID;
    if (t >= len * n) return;
    int r = t / n, c = t - r * n;
    y[t] = c == index[r] ? LIT(1) : LIT(0);
}
