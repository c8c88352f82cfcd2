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
 * with any slot open (tp.cu) and the fused convolution (fused_conv.cu). A plan's tables ({@link TpTables})
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

    private static void checkDtype(Tensor t, DType dt, String name) {
        if (t.dtype() != dt) throw new IllegalArgumentException("tpContract: " + name + " is " + t.dtype() + ", other operands " + dt);
    }

    // ------------------------------------------------------------------ fused convolution
    Tensor convForward(TpPlan plan, Tensor x, Tensor sh, Tensor w, int[] src, int[] dst, int numNodes) {
        return indexedOut(plan, new Conv(plan, x, sh, w, src, dst, "convForward").ops, x, sh, src, dst, numNodes);
    }

    Tensor[] convBackward(TpPlan plan, Tensor x, Tensor sh, Tensor w, int[] src, int[] dst, Tensor g) {
        Conv c = new Conv(plan, x, sh, w, src, dst, "convBackward");
        int[] gs = g.shape();
        if (gs.length != 2 || gs[1] != plan.dimOut()) throw new IllegalArgumentException("convBackward: gradOut has shape " + Shape.str(gs) + ", expected [N, " + plan.dimOut() + "]");
        for (int d : dst) if (d < 0 || d >= gs[0]) throw new IndexOutOfBoundsException("convBackward: dst " + d + " out of range [0, " + gs[0] + ")");
        checkDtype(g, c.ops.dt, "gradOut");
        return new Tensor[]{indexedX1(plan, c.ops, c.nx, sh, g, src, dst), indexedX2(plan, c.ops, x, g, src, dst), indexedW(plan, c.ops.dt, x, sh, g, src, dst)};
    }

    /**
     * The indexed contraction of {@link org.jnequip.tensor.Backend#tpContractIndexed} with each open slot as one
     * fused kernel (standard layout; rows z = edges, idx1 = src, idxOut = dst):
     * <pre>
     *   OUT  out[t] = Σ_{z: dst[z]=t} TP(x1[src[z]], x2[z], w[z])       conv_fwd    (CSR by dst)
     *   X1   g1[s]  = Σ_{z: src[z]=s} TP_x1(x2[z], w[z], out[dst[z]])   conv_bwd_x  (CSR by src)
     *   X2   g2[z]  = TP_x2(x1[src[z]], w[z], out[dst[z]])               conv_bwd_sh
     *   W    gw[z]  = TP_w(x1[src[z]], x2[z], out[dst[z]])               conv_bwd_w  (summed over z when shared)
     * </pre>
     */
    Tensor indexed(TpPlan plan, Slot open, Tensor x1, int[] idx1, int n1, Tensor x2, Tensor w, Tensor out, int[] idxOut, int nOut) {
        if (open == null) throw new IllegalArgumentException("tpContractIndexed: open slot is null");
        Tensor[] ops = {x1, x2, w, out};
        if (ops[open.ordinal()] != null) throw new IllegalArgumentException("tpContractIndexed: the open slot " + open + " must be passed as null");
        if (idx1.length != idxOut.length) throw new IllegalArgumentException("tpContractIndexed: index lengths " + idx1.length + " and " + idxOut.length + " differ");
        for (Slot s : Slot.values())
            if (s != open && ops[s.ordinal()] == null && !(s == Slot.W && plan.weightNumel() == 0))
                throw new IllegalArgumentException("tpContractIndexed(open=" + open + "): operand " + s + " is null");
        checkRows(x1, n1, plan.dim1(), "x1");
        checkRows(out, nOut, plan.dimOut(), "out");
        checkRange(idx1, n1, "idx1");
        checkRange(idxOut, nOut, "idxOut");
        DType dt = (x1 != null ? x1 : out).dtype();
        for (Tensor t : ops) if (t != null) checkDtype(t, dt, "operand");
        Edges c = new Edges(plan, x2, w, idx1.length, dt, "tpContractIndexed");
        return switch (open) {
            case OUT -> indexedOut(plan, c, x1, x2, idx1, idxOut, nOut);
            case X1 -> indexedX1(plan, c, n1, x2, out, idx1, idxOut);
            case X2 -> indexedX2(plan, c, x1, out, idx1, idxOut);
            case W -> indexedW(plan, c.dt, x1, x2, out, idx1, idxOut);
        };
    }

    private Tensor indexedOut(TpPlan plan, Edges c, Tensor x, Tensor sh, int[] src, int[] dst, int numNodes) {
        Uploaded u = table(plan, Slot.OUT, c.dt);
        Tensor y = be.make(c.dt, numNodes, plan.dimOut());
        be.run("fused_conv", "conv_fwd" + DeviceBackend.sfx(c.dt), numNodes * plan.dimOut(), numNodes, plan.dimOut(), plan.dim1(), plan.dim2(),
                u.t.paths(), u.ints, u.t.entBase(), u.coef[c.dt.ordinal()], c.hasW, be.buf(x, "convForward"), be.buf(sh, "convForward"), c.bw, c.sw,
                be.csr(dst, numNodes), be.ints(src), be.buf(y, "convForward"));
        return y;
    }

    private Tensor indexedX1(TpPlan plan, Edges c, int n, Tensor sh, Tensor g, int[] src, int[] dst) {
        DType dt = c.dt;
        Uploaded u = table(plan, Slot.X1, dt);
        Tensor gx = be.make(dt, n, plan.dim1());
        be.run("fused_conv", "conv_bwd_x" + DeviceBackend.sfx(dt), n * plan.dim1(), n, plan.dim1(), plan.dimOut(), plan.dim2(), u.t.paths(), u.ints, u.t.entBase(),
                u.coef[dt.ordinal()], c.hasW, be.buf(g, "convBackward"), be.buf(sh, "convBackward"), c.bw, c.sw, be.csr(src, n), be.ints(dst), be.buf(gx, "convBackward"));
        return gx;
    }

    private Tensor indexedX2(TpPlan plan, Edges c, Tensor x, Tensor g, int[] src, int[] dst) {
        DType dt = c.dt;
        int e = src.length;
        Uploaded u = table(plan, Slot.X2, dt);
        Tensor gsh = be.make(dt, e, plan.dim2());
        be.run("fused_conv", "conv_bwd_sh" + DeviceBackend.sfx(dt), e * plan.dim2(), e, plan.dim2(), plan.dim1(), plan.dimOut(), u.t.paths(), u.ints, u.t.entBase(),
                u.coef[dt.ordinal()], c.hasW, be.buf(x, "convBackward"), be.buf(g, "convBackward"), c.bw, c.sw, be.ints(src), be.ints(dst), be.buf(gsh, "convBackward"));
        return gsh;
    }

    private Tensor indexedW(TpPlan plan, DType dt, Tensor x, Tensor sh, Tensor g, int[] src, int[] dst) {
        int e = src.length, WN = plan.weightNumel();
        Uploaded u = table(plan, Slot.W, dt);
        Tensor gw = be.make(dt, e, WN);
        be.run("fused_conv", "conv_bwd_w" + DeviceBackend.sfx(dt), e * WN, e, WN, plan.dim1(), plan.dim2(), plan.dimOut(), u.t.paths(), u.ints, u.t.entBase(),
                u.coef[dt.ordinal()], be.buf(x, "convBackward"), be.buf(sh, "convBackward"), be.buf(g, "convBackward"), be.ints(src), be.ints(dst), be.buf(gw, "convBackward"));
        return plan.sharedWeights() ? be.reduceMid(ReduceOp.SUM, gw, 1, e, WN).reshape(WN) : gw;
    }

    private static void checkRows(Tensor t, int rows, int width, String name) {
        if (t == null) return;
        int[] s = t.shape();
        if (s.length != 2 || s[0] != rows || s[1] != width)
            throw new IllegalArgumentException("tpContractIndexed: " + name + " has shape " + Shape.str(s) + ", expected (" + rows + ", " + width + ")");
    }

    private static void checkRange(int[] idx, int n, String name) {
        for (int i : idx) if (i < 0 || i >= n) throw new IndexOutOfBoundsException("tpContractIndexed: " + name + " holds " + i + ", outside [0, " + n + ")");
    }

    /** Validated per-edge operands of an edge kernel: x2 (Z, dim2) when given, w (Z, WN), (WN) shared, or absent. */
    private final class Edges {
        final DType dt;
        final int hasW, sw;
        final Object bw;

        Edges(TpPlan plan, Tensor x2, Tensor w, int z, DType dt, String op) {
            this.dt = dt;
            if (x2 != null) {
                int[] ss = x2.shape();
                if (ss.length != 2 || ss[0] != z || ss[1] != plan.dim2()) throw new IllegalArgumentException(op + ": sh has shape " + Shape.str(ss) + ", expected [" + z + ", " + plan.dim2() + "]");
                checkDtype(x2, dt, "sh");
            }
            int WN = plan.weightNumel();
            if (w == null) {
                hasW = 0; sw = 0; bw = be.meta(0);
            } else {
                checkDtype(w, dt, "w");
                int[] ws = w.shape();
                boolean ok = plan.sharedWeights() ? ws.length == 1 && ws[0] == WN : ws.length == 2 && ws[0] == z && ws[1] == WN;
                if (!ok) throw new IllegalArgumentException(op + ": w has shape " + Shape.str(ws) + ", expected " + (plan.sharedWeights() ? "[" + WN + "]" : "[" + z + ", " + WN + "]"));
                hasW = 1; sw = plan.sharedWeights() ? 0 : WN; bw = be.buf(w, op);
            }
        }
    }

    /** Validated operands of a convolution call (x (N, dim1), edges src → dst, sh and w per edge). */
    private final class Conv {
        final Edges ops;
        final int nx;

        Conv(TpPlan plan, Tensor x, Tensor sh, Tensor w, int[] src, int[] dst, String op) {
            int[] xs = x.shape();
            if (xs.length != 2 || xs[1] != plan.dim1()) throw new IllegalArgumentException(op + ": x has shape " + Shape.str(xs) + ", expected [N, " + plan.dim1() + "]");
            int e = src.length;
            if (dst.length != e) throw new IllegalArgumentException(op + ": src has " + e + " edges, dst " + dst.length);
            if (sh == null) throw new IllegalArgumentException(op + ": sh is null");
            nx = xs[0];
            for (int s : src) if (s < 0 || s >= nx) throw new IndexOutOfBoundsException(op + ": src " + s + " out of range [0, " + nx + ")");
            if (w == null && plan.weightNumel() > 0) throw new IllegalArgumentException(op + ": the plan has " + plan.weightNumel() + " weights but w is null");
            ops = new Edges(plan, sh, w, e, x.dtype(), op);
        }
    }
}
