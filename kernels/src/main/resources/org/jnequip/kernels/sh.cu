/*
 * sh.cu: real spherical harmonics in e3nn's basis (y-polar; l = 1 is (x, y, z)), 'component' normalisation,
 * as HOMOGENEOUS polynomials of the raw vector: P^l(v) = |v|^l · Y^l(v/|v|), so Σ_m P^l_m(v)² = (2l+1)|v|^2l.
 * One thread per vector; output row [P^0 | P^1 | ... | P^lmax], (n, (lmax+1)²) row-major.
 * l <= 3 are explicit polynomials (nequip-spec §1 'norm' forms times √(2l+1), as cpu/ShKernels);
 * higher l use the CG recursion with a table built on the host from (l+1, 1, l) Clebsch–Gordan tensors:
 *   P^{l+1}_i = Σ_q coef_q · v_{j_q} · P^l_{k_q},  q in rstart[l]..rstart[l+1], (i, j, k) = ridx[3q..3q+2]
 */
#include "prelude.h"

KERNEL void FN(sh)(int n, int lmax, GLOBAL const int* ridx, GLOBAL const T* rcoef, GLOBAL const int* rstart,
                   GLOBAL const T* RESTRICT vec, GLOBAL T* RESTRICT out) {
    int e = GID;
    if (e >= n) return;
    int dim = (lmax + 1) * (lmax + 1);
    GLOBAL T* o = out + e * dim;
    T x = vec[3 * e], y = vec[3 * e + 1], z = vec[3 * e + 2];
    const T s3 = LIT(1.7320508075688772), s5 = LIT(2.23606797749979), s7 = LIT(2.6457513110645907);
    o[0] = LIT(1);
    if (lmax == 0) return;
    o[1] = s3 * x;
    o[2] = s3 * y;
    o[3] = s3 * z;
    if (lmax == 1) return;
    T x2 = x * x, y2 = y * y, z2 = z * z, x2z2 = x2 + z2;
    /* 'norm' l = 2 */
    T n20 = s3 * x * z, n21 = s3 * x * y, n22 = y2 - LIT(0.5) * x2z2, n23 = s3 * y * z, n24 = LIT(0.5) * s3 * (z2 - x2);
    o[4] = s5 * n20;
    o[5] = s5 * n21;
    o[6] = s5 * n22;
    o[7] = s5 * n23;
    o[8] = s5 * n24;
    if (lmax == 2) return;
    T t = LIT(4) * y2 - x2z2;
    const T s56 = LIT(0.9128709291752769), s38 = LIT(0.6123724356957945);   /* √(5/6), √(3/8) */
    o[9] = s7 * s56 * (n20 * z + n24 * x);
    o[10] = s7 * s5 * n20 * y;
    o[11] = s7 * s38 * t * x;
    o[12] = s7 * LIT(0.5) * y * (LIT(2) * y2 - LIT(3) * x2z2);
    o[13] = s7 * s38 * t * z;
    o[14] = s7 * s5 * n24 * y;
    o[15] = s7 * s56 * (n24 * z - n20 * x);
    for (int l = 3; l < lmax; l++) {
        int src = l * l, dst = (l + 1) * (l + 1);
        for (int i = 0; i < 2 * l + 3; i++) o[dst + i] = LIT(0);
        for (int q = rstart[l]; q < rstart[l + 1]; q++) {
            int j = ridx[3 * q + 1];
            T vj = j == 0 ? x : (j == 1 ? y : z);
            o[dst + ridx[3 * q]] += rcoef[q] * vj * o[src + ridx[3 * q + 2]];
        }
    }
}
