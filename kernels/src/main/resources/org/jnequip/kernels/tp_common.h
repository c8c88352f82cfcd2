/*
 * tp_common.h: one element of the sparse CG tensor-product contraction of org.jnequip.tensor.TpPlan,
 * for one sample, with any one of the four operands open (computed). Shared by tp.cu and fused_conv.cu.
 * Type-templated (no include guard): included once per instantiation.
 *
 * For path p (mode, mul1, mul2, mulOut, off1, off2, offOut, offW, d1, d2, d3) and CG entries (i, j, k, c):
 *   uvw: out[w,k] += c x1[u,i] x2[v,j] W[u,v,w]     uvu: out[u,k] += c x1[u,i] x2[v,j] W[u,v]
 *   uvv: out[v,k] += c x1[u,i] x2[v,j] W[u,v]       uuw: out[w,k] += c x1[u,i] x2[u,j] W[u,w]
 *   uuu: out[u,k] += c x1[u,i] x2[u,j] W[u]
 * with x1[u,i] = x1[off1 + u·d1 + i] etc. in the standard layout; in the channel-last layout of x1 and out
 * (TpPlan.channelLast; x2 and W keep the standard one) x1[u,i] = x1[off1 + i·mul1 + u] and
 * out[w,k] = out[offOut + k·mulOut + w]. The kernels read x1[o1 + u·a1 + i·b1] and out[oo + w·ao + k·bo] with
 * the strides of TP_STRIDES. The form is trilinear in (x1, x2, W) and linear in out, so each gradient is the
 * same sum with another operand open: e.g. the X1 element is Σ c · g[.,k] · x2[.,j] · W[.].
 *
 * Table (int, TP_STRIDE ints per path): the fields above, [11] = index of the path's row pointers in tab,
 * [12] = the path's weight count, [13] = 1 for the channel-last layout of x1 and out. Row pointers group the
 * entries by the open operand's component (k for OUT, i for X1, j for X2; one row [all] for W); entries are
 * (i, j, k) at tab[ent + 3e], c = cf[e].
 * A path with offW < 0 has no weights (e3nn has_weight=False) and contracts as if they were all 1; so does
 * every path when hasW = 0 (w is not read). Unweighted paths have weight count 0 and no W gradient.
 */
#define TP_STRIDE 16
#define TPW(idx) (hasW && ow >= 0 ? w[(idx)] : LIT(1))
/* strides (a: per copy u or w, b: per component i or k) of x1 and out for path header pp */
#define TP_STRIDES(pp) \
    int a1 = pp[13] ? 1 : pp[8], b1 = pp[13] ? pp[1] : 1, ao = pp[13] ? 1 : pp[10], bo = pp[13] ? pp[3] : 1

/* out element o (0 <= o < dimOut) */
DEVICE T FN(tp_out_elem)(int P, GLOBAL const int* tab, int ent, GLOBAL const T* cf, int hasW,
                         GLOBAL const T* x1, GLOBAL const T* x2, GLOBAL const T* w, int o) {
    T acc = LIT(0);
    for (int p = 0; p < P; p++) {
        GLOBAL const int* pp = tab + p * TP_STRIDE;
        int mo = pp[3], oo = pp[6], d3 = pp[10];
        if (o < oo || o >= oo + mo * d3) continue;
        int mode = pp[0], m1 = pp[1], m2 = pp[2], o1 = pp[4], o2 = pp[5], ow = pp[7], d2 = pp[9];
        TP_STRIDES(pp);
        int wi = ((o - oo) / ao) % mo, k = ((o - oo) / bo) % d3;
        for (int e = tab[pp[11] + k]; e < tab[pp[11] + k + 1]; e++) {
            int i = tab[ent + 3 * e], j = tab[ent + 3 * e + 1];
            T s = LIT(0);
            if (mode == 0) {
                for (int u = 0; u < m1; u++) {
                    T a = x1[o1 + u * a1 + i * b1], sv = LIT(0);
                    for (int v = 0; v < m2; v++) sv += x2[o2 + v * d2 + j] * TPW(ow + (u * m2 + v) * mo + wi);
                    s += a * sv;
                }
            } else if (mode == 1) {
                for (int v = 0; v < m2; v++) s += x2[o2 + v * d2 + j] * TPW(ow + wi * m2 + v);
                s *= x1[o1 + wi * a1 + i * b1];
            } else if (mode == 2) {
                for (int u = 0; u < m1; u++) s += x1[o1 + u * a1 + i * b1] * TPW(ow + u * m2 + wi);
                s *= x2[o2 + wi * d2 + j];
            } else if (mode == 3) {
                for (int u = 0; u < m1; u++) s += x1[o1 + u * a1 + i * b1] * x2[o2 + u * d2 + j] * TPW(ow + u * mo + wi);
            } else {
                s = x1[o1 + wi * a1 + i * b1] * x2[o2 + wi * d2 + j] * TPW(ow + wi);
            }
            acc += cf[e] * s;
        }
    }
    return acc;
}

/* x1 element t (0 <= t < dim1), given g = the out operand */
DEVICE T FN(tp_x1_elem)(int P, GLOBAL const int* tab, int ent, GLOBAL const T* cf, int hasW,
                        GLOBAL const T* g, GLOBAL const T* x2, GLOBAL const T* w, int t) {
    T acc = LIT(0);
    for (int p = 0; p < P; p++) {
        GLOBAL const int* pp = tab + p * TP_STRIDE;
        int m1 = pp[1], o1 = pp[4], d1 = pp[8];
        if (t < o1 || t >= o1 + m1 * d1) continue;
        int mode = pp[0], m2 = pp[2], mo = pp[3], o2 = pp[5], oo = pp[6], ow = pp[7], d2 = pp[9];
        TP_STRIDES(pp);
        int u = ((t - o1) / a1) % m1, i = ((t - o1) / b1) % d1;
        for (int e = tab[pp[11] + i]; e < tab[pp[11] + i + 1]; e++) {
            int j = tab[ent + 3 * e + 1], k = tab[ent + 3 * e + 2];
            T s = LIT(0);
            if (mode == 0) {
                for (int v = 0; v < m2; v++) {
                    T b = x2[o2 + v * d2 + j], sw = LIT(0);
                    for (int wi = 0; wi < mo; wi++) sw += g[oo + wi * ao + k * bo] * TPW(ow + (u * m2 + v) * mo + wi);
                    s += b * sw;
                }
            } else if (mode == 1) {
                for (int v = 0; v < m2; v++) s += x2[o2 + v * d2 + j] * TPW(ow + u * m2 + v);
                s *= g[oo + u * ao + k * bo];
            } else if (mode == 2) {
                for (int v = 0; v < m2; v++) s += x2[o2 + v * d2 + j] * TPW(ow + u * m2 + v) * g[oo + v * ao + k * bo];
            } else if (mode == 3) {
                for (int wi = 0; wi < mo; wi++) s += g[oo + wi * ao + k * bo] * TPW(ow + u * mo + wi);
                s *= x2[o2 + u * d2 + j];
            } else {
                s = g[oo + u * ao + k * bo] * x2[o2 + u * d2 + j] * TPW(ow + u);
            }
            acc += cf[e] * s;
        }
    }
    return acc;
}

/* x2 element t (0 <= t < dim2), given g = the out operand */
DEVICE T FN(tp_x2_elem)(int P, GLOBAL const int* tab, int ent, GLOBAL const T* cf, int hasW,
                        GLOBAL const T* x1, GLOBAL const T* g, GLOBAL const T* w, int t) {
    T acc = LIT(0);
    for (int p = 0; p < P; p++) {
        GLOBAL const int* pp = tab + p * TP_STRIDE;
        int m2 = pp[2], o2 = pp[5], d2 = pp[9];
        if (t < o2 || t >= o2 + m2 * d2) continue;
        int mode = pp[0], m1 = pp[1], mo = pp[3], o1 = pp[4], oo = pp[6], ow = pp[7];
        TP_STRIDES(pp);
        int v = (t - o2) / d2, j = (t - o2) - v * d2;
        for (int e = tab[pp[11] + j]; e < tab[pp[11] + j + 1]; e++) {
            int i = tab[ent + 3 * e], k = tab[ent + 3 * e + 2];
            T s = LIT(0);
            if (mode == 0) {
                for (int u = 0; u < m1; u++) {
                    T a = x1[o1 + u * a1 + i * b1], sw = LIT(0);
                    for (int wi = 0; wi < mo; wi++) sw += g[oo + wi * ao + k * bo] * TPW(ow + (u * m2 + v) * mo + wi);
                    s += a * sw;
                }
            } else if (mode == 1) {
                for (int u = 0; u < m1; u++) s += x1[o1 + u * a1 + i * b1] * TPW(ow + u * m2 + v) * g[oo + u * ao + k * bo];
            } else if (mode == 2) {
                for (int u = 0; u < m1; u++) s += x1[o1 + u * a1 + i * b1] * TPW(ow + u * m2 + v);
                s *= g[oo + v * ao + k * bo];
            } else if (mode == 3) {
                for (int wi = 0; wi < mo; wi++) s += g[oo + wi * ao + k * bo] * TPW(ow + v * mo + wi);
                s *= x1[o1 + v * a1 + i * b1];
            } else {
                s = x1[o1 + v * a1 + i * b1] * g[oo + v * ao + k * bo] * TPW(ow + v);
            }
            acc += cf[e] * s;
        }
    }
    return acc;
}

/* weight element q (0 <= q < weightNumel) of one sample, given g = the out operand */
DEVICE T FN(tp_w_elem)(int P, GLOBAL const int* tab, int ent, GLOBAL const T* cf,
                       GLOBAL const T* x1, GLOBAL const T* x2, GLOBAL const T* g, int q) {
    for (int p = 0; p < P; p++) {
        GLOBAL const int* pp = tab + p * TP_STRIDE;
        int ow = pp[7];
        if (q < ow || q >= ow + pp[12]) continue;
        int mode = pp[0], m2 = pp[2], mo = pp[3], o1 = pp[4], o2 = pp[5], oo = pp[6], d2 = pp[9];
        TP_STRIDES(pp);
        int r = q - ow, u, v, wo;
        if (mode == 0) { u = r / (m2 * mo); v = (r / mo) % m2; wo = r % mo; }
        else if (mode == 1) { u = r / m2; v = r % m2; wo = u; }
        else if (mode == 2) { u = r / m2; v = r % m2; wo = v; }
        else if (mode == 3) { u = r / mo; v = u; wo = r % mo; }
        else { u = r; v = r; wo = r; }
        T acc = LIT(0);
        for (int e = tab[pp[11]]; e < tab[pp[11] + 1]; e++) {
            int i = tab[ent + 3 * e], j = tab[ent + 3 * e + 1], k = tab[ent + 3 * e + 2];
            acc += cf[e] * x1[o1 + u * a1 + i * b1] * x2[o2 + v * d2 + j] * g[oo + wo * ao + k * bo];
        }
        return acc;
    }
    return LIT(0);
}

#undef TPW
#undef TP_STRIDES
#undef TP_STRIDE
