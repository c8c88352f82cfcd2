package org.jnequip.kernels;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.ReduceOp;
import org.jnequip.tensor.Shape;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan;
import org.jnequip.tensor.TpPlan.Slot;

/**
 * The domain primitives of a {@link DeviceBackend}: spherical harmonics (sh.cu), the sparse CG contraction
 * with any slot open (tp.cu) and the graph convolution: the contraction fused with its gather and scatter
 * (fused_conv.cu). A plan's tables ({@link TpTables})
 * are uploaded once per (plan, slot) and cached while the plan lives.
 */
final class DeviceTp {
    /** Samples per partial sum of a shared-weight gradient. */
    static final int W_CHUNK = 64;

    private final DeviceBackend be;
    private final Map<TpPlan, Map<Slot, Uploaded>> plans = Collections.synchronizedMap(new WeakHashMap<>());

    private final Map<Integer, DeviceBuffer> shCoef = new java.util.concurrent.ConcurrentHashMap<>();

    DeviceTp(DeviceBackend be) { this.be = be; }

    /** A plan's table for one slot on the device; coefficients per dtype on first use. */
    private static final class Uploaded {
        final TpTables t;
        final DeviceBuffer ints;
        final DeviceBuffer[] coef = new DeviceBuffer[2];

        Uploaded(TpTables t, DeviceBuffer ints) { this.t = t; this.ints = ints; }
    }

    private Uploaded table(TpPlan plan, Slot slot, DType dt) {
        Uploaded u;
        synchronized (plans) {
            u = plans.computeIfAbsent(plan, k -> new EnumMap<>(Slot.class))
                    .computeIfAbsent(slot, s -> { TpTables t = TpTables.build(plan, s); return new Uploaded(t, be.upload(t.ints().length == 0 ? new int[1] : t.ints())); });
            if (u.coef[dt.ordinal()] == null) {
                double[] c = u.t.coef();
                Object host = c;
                if (dt == DType.F32) {
                    float[] f = new float[c.length];
                    for (int i = 0; i < f.length; i++) f[i] = (float) c[i];
                    host = f;
                }
                u.coef[dt.ordinal()] = be.upload(c.length == 0 ? (dt == DType.F32 ? new float[1] : new double[1]) : host);
            }
        }
        return u;
    }

    // ------------------------------------------------------------------ spherical harmonics
    Tensor sphericalHarmonics(Tensor vec, int lmax) {
        int[] s = vec.shape();
        if (s.length != 2 || s[1] != 3) throw new IllegalArgumentException("sphericalHarmonics: expected (E, 3), got " + Shape.str(s));
        if (lmax < 0) throw new IllegalArgumentException("sphericalHarmonics: lmax must be >= 0, got " + lmax);
        DType dt = vec.dtype();
        int n = s[0], dim = (lmax + 1) * (lmax + 1);
        Tensor y = be.make(dt, n, dim);
        ShSteps.Table rec = ShSteps.table(lmax);
        DeviceBuffer ridx = be.ints(rec.idx()), rstart = be.ints(rec.start());
        DeviceBuffer rcoef = shCoef.computeIfAbsent(lmax * 2 + dt.ordinal(), k -> be.upload(dt == DType.F32 ? rec.coefF32() : rec.coef()));
        be.run("sh", "sh" + DeviceBackend.sfx(dt), n, n, lmax, ridx, rcoef, rstart, be.buf(vec, "sphericalHarmonics"), be.buf(y, "sphericalHarmonics"));
        return y;
    }

    // ------------------------------------------------------------------ tensor product
    Tensor contract(TpPlan plan, Slot open, Tensor x1, Tensor x2, Tensor w, Tensor out) {
        if (open == null) throw new IllegalArgumentException("tpContract: open slot is null");
        Tensor[] ops = {x1, x2, w, out};                                    // Slot order X1, X2, W, OUT
        if (ops[open.ordinal()] != null) throw new IllegalArgumentException("tpContract: the open slot " + open + " must be passed as null");
        int WN = plan.weightNumel();
        int[] widths = {plan.dim1(), plan.dim2(), WN, plan.dimOut()};
        int z = -1;
        DType dt = null;
        for (Slot s : Slot.values()) {
            Tensor t = ops[s.ordinal()];
            if (s == open || (s == Slot.W && t == null && WN == 0)) continue;
            if (t == null) throw new IllegalArgumentException("tpContract(open=" + open + "): operand " + s + " is null");
            if (dt != null && t.dtype() != dt) throw new IllegalArgumentException("tpContract: operand " + s + " has dtype " + t.dtype() + ", expected " + dt);
            dt = t.dtype();
            int[] sh = t.shape();
            boolean shared = s == Slot.W && plan.sharedWeights();
            if (shared ? sh.length != 1 || sh[0] != WN : sh.length != 2 || sh[1] != widths[s.ordinal()] || (z >= 0 && sh[0] != z))
                throw new IllegalArgumentException("tpContract: operand " + s + " has shape " + Shape.str(sh) + ", expected "
                        + (shared ? "(" + WN + ")" : "(" + (z >= 0 ? z : "Z") + ", " + widths[s.ordinal()] + ")"));
            if (!shared) z = sh[0];
        }
        final int Z = z;
        int s1 = plan.dim1(), s2 = plan.dim2(), sg = plan.dimOut(), sw = plan.sharedWeights() ? 0 : WN;
        int hasW = open == Slot.W || w != null ? 1 : 0;
        Object dummy = be.meta(0);   // stands in for the open operand (never read)
        Object b1 = x1 == null ? dummy : be.buf(x1, "tpContract"), b2 = x2 == null ? dummy : be.buf(x2, "tpContract");
        Object bw = w == null ? dummy : be.buf(w, "tpContract"), bg = out == null ? dummy : be.buf(out, "tpContract");
        Uploaded u = table(plan, open, dt);
        String sfx = DeviceBackend.sfx(dt);
        int P = u.t.paths(), ent = u.t.entBase();
        DeviceBuffer cf = u.coef[dt.ordinal()];
        switch (open) {
            case OUT -> {
                Tensor y = be.make(dt, Z, plan.dimOut());
                be.run("tp", "tp_out" + sfx, Z * plan.dimOut(), Z, plan.dimOut(), P, u.ints, ent, cf, hasW, b1, s1, b2, s2, bw, sw, be.buf(y, "tpContract"));
                return y;
            }
            case X1 -> {
                Tensor y = be.make(dt, Z, plan.dim1());
                be.run("tp", "tp_x1" + sfx, Z * plan.dim1(), Z, plan.dim1(), P, u.ints, ent, cf, hasW, bg, sg, b2, s2, bw, sw, be.buf(y, "tpContract"));
                return y;
            }
            case X2 -> {
                Tensor y = be.make(dt, Z, plan.dim2());
                be.run("tp", "tp_x2" + sfx, Z * plan.dim2(), Z, plan.dim2(), P, u.ints, ent, cf, hasW, b1, s1, bg, sg, bw, sw, be.buf(y, "tpContract"));
                return y;
            }
            default -> {
                if (!plan.sharedWeights()) {
                    Tensor y = be.make(dt, Z, WN);
                    be.run("tp", "tp_w" + sfx, Z * WN, Z, WN, P, u.ints, ent, cf, b1, s1, b2, s2, bg, sg, be.buf(y, "tpContract"));
                    return y;
                }
                int nC = (Z + W_CHUNK - 1) / W_CHUNK;
                Tensor part = be.make(dt, nC, WN);
                be.run("tp", "tp_w_partial" + sfx, nC * WN, Z, WN, W_CHUNK, nC, P, u.ints, ent, cf, b1, s1, b2, s2, bg, sg, be.buf(part, "tpContract"));
                return be.reduceMid(ReduceOp.SUM, part, 1, nC, WN).reshape(WN);
            }
        }
    }

    // ------------------------------------------------------------------ indexed contraction (a graph convolution)
    /**
     * {@link org.jnequip.tensor.Backend#tpContractIndexed} on the fused kernels: x1 rows by idx1, out rows by
     * idxOut, x2 and w per sample z. OUT sums into nOut rows (conv_fwd), X1 into n1 rows (conv_bwd_x); X2 and W are
     * per sample (conv_bwd_sh, conv_bwd_w), W summed over samples for shared weights.
     */
    Tensor contractIndexed(TpPlan plan, Slot open, Tensor x1, int[] idx1, int n1, Tensor x2, Tensor w, Tensor out, int[] idxOut, int nOut) {
        if (open == null) throw new IllegalArgumentException("tpContractIndexed: open slot is null");
        int Z = idx1.length, WN = plan.weightNumel();
        if (idxOut.length != Z) throw new IllegalArgumentException("tpContractIndexed: " + Z + " gather and " + idxOut.length + " scatter indices");
        Tensor[] ops = {x1, x2, w, out};
        if (ops[open.ordinal()] != null) throw new IllegalArgumentException("tpContractIndexed: the open slot " + open + " must be passed as null");
        DType dt = null;
        for (Slot s : Slot.values()) {
            Tensor t = ops[s.ordinal()];
            if (s == open || (s == Slot.W && t == null && WN == 0)) continue;
            if (t == null) throw new IllegalArgumentException("tpContractIndexed(open=" + open + "): operand " + s + " is null");
            if (dt != null && t.dtype() != dt) throw new IllegalArgumentException("tpContractIndexed: operand " + s + " has dtype " + t.dtype() + ", expected " + dt);
            dt = t.dtype();
            boolean shared = s == Slot.W && plan.sharedWeights();
            int rows = switch (s) { case X1 -> n1; case OUT -> nOut; default -> Z; };
            int width = switch (s) { case X1 -> plan.dim1(); case X2 -> plan.dim2(); case W -> WN; case OUT -> plan.dimOut(); };
            int[] sh = t.shape();
            if (shared ? sh.length != 1 || sh[0] != WN : sh.length != 2 || sh[0] != rows || sh[1] != width)
                throw new IllegalArgumentException("tpContractIndexed: operand " + s + " has shape " + Shape.str(sh) + ", expected "
                        + (shared ? "(" + WN + ")" : "(" + rows + ", " + width + ")"));
        }
        checkRange(idx1, n1, "idx1");
        checkRange(idxOut, nOut, "idxOut");
        if (Z == 0) return switch (open) {                 // nothing to gather (and no index arrays to upload)
            case X1 -> be.zeros(dt, n1, plan.dim1());
            case X2 -> be.zeros(dt, 0, plan.dim2());
            case W -> plan.sharedWeights() ? be.zeros(dt, WN) : be.zeros(dt, 0, WN);
            case OUT -> be.zeros(dt, nOut, plan.dimOut());
        };
        String sfx = DeviceBackend.sfx(dt);
        int hasW = w != null ? 1 : 0, sw = plan.sharedWeights() ? 0 : WN;
        Object dummy = be.meta(0);   // stands in for the open operand (never read)
        Object bx = x1 == null ? dummy : be.buf(x1, "tpContractIndexed"), b2 = x2 == null ? dummy : be.buf(x2, "tpContractIndexed");
        Object bw = w == null ? dummy : be.buf(w, "tpContractIndexed"), bg = out == null ? dummy : be.buf(out, "tpContractIndexed");
        Uploaded u = table(plan, open, dt);
        Object tab = u.ints, cf = u.coef[dt.ordinal()];
        int P = u.t.paths(), ent = u.t.entBase(), d1 = plan.dim1(), d2 = plan.dim2(), dOut = plan.dimOut();
        switch (open) {
            case OUT -> {
                Tensor y = be.make(dt, nOut, dOut);
                be.run("fused_conv", "conv_fwd" + sfx, nOut * dOut, nOut, dOut, d1, d2, P, tab, ent, cf, hasW, bx, b2, bw, sw,
                        be.csr(idxOut, nOut), be.ints(idx1), be.buf(y, "tpContractIndexed"));
                return y;
            }
            case X1 -> {
                Tensor y = be.make(dt, n1, d1);
                be.run("fused_conv", "conv_bwd_x" + sfx, n1 * d1, n1, d1, dOut, d2, P, tab, ent, cf, hasW, bg, b2, bw, sw,
                        be.csr(idx1, n1), be.ints(idxOut), be.buf(y, "tpContractIndexed"));
                return y;
            }
            case X2 -> {
                Tensor y = be.make(dt, Z, d2);
                be.run("fused_conv", "conv_bwd_sh" + sfx, Z * d2, Z, d2, d1, dOut, P, tab, ent, cf, hasW, bx, bg, bw, sw,
                        be.ints(idx1), be.ints(idxOut), be.buf(y, "tpContractIndexed"));
                return y;
            }
            default -> {
                Tensor y = be.make(dt, Z, WN);
                be.run("fused_conv", "conv_bwd_w" + sfx, Z * WN, Z, WN, d1, d2, dOut, P, tab, ent, cf, bx, b2, bg,
                        be.ints(idx1), be.ints(idxOut), be.buf(y, "tpContractIndexed"));
                return plan.sharedWeights() ? be.reduceMid(ReduceOp.SUM, y, 1, Z, WN).reshape(WN) : y;
            }
        }
    }

    private static void checkRange(int[] idx, int size, String name) {
        for (int i : idx) if (i < 0 || i >= size) throw new IndexOutOfBoundsException("tpContractIndexed: " + name + " " + i + " out of range [0, " + size + ")");
    }
}
