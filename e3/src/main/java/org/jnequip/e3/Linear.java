package org.jnequip.e3;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Var;
import org.jnequip.e3.IrrepsVar.Layout;
import org.jnequip.tensor.DType;

/**
 * e3nn's {@code o3.Linear} (≥ 0.4 semantics, no bias): an equivariant linear map that mixes the copies of each
 * irrep. Instructions are every (i_in, i_out) with equal irreps, i_in the outer loop; instruction p owns a
 * weight block W_p of shape (mul_in, mul_out), the blocks concatenated row-major in instruction order, and
 * <pre>  out[n, i_out][w, m] = α_{i_out} Σ_{p → i_out} Σ_u W_p[u, w] · x[n, i_in(p)][u, m],
 *   α_{i_out} = 1/√(Σ_{p → i_out} mul_in(p)) </pre>
 * (nequip-spec §3). Outputs that no instruction reaches are zero. Built with an {@link Init} the layer owns
 * its weight ({@link #weight()}, e3nn's {@code weight}, N(0, 1)); built without, weights are passed to
 * {@link #forward(Var, Var)} (e3nn's {@code internal_weights=False}). With W ~ N(0, 1) the output has unit
 * variance for unit-variance input.
 *
 * {@snippet :
 * Linear lin = new Linear(Irreps.parse("4x0e+2x1o"), Irreps.parse("3x0e+1x1o"), Init.of(rng, DType.F64));
 * Var y = lin.forward(x);                                         // (N, 10) → (N, 6), 14 weights
 * }
 */
public final class Linear {
    /** One path: input block iIn → output block iOut, weights w[offset, offset + mulIn·mulOut) as (mulIn, mulOut). */
    public record Instruction(int iIn, int iOut, int mulIn, int mulOut, double pathWeight, int weightOffset) {
        public int weightNumel() { return mulIn * mulOut; }
    }

    private final Irreps irrepsIn, irrepsOut;
    private final List<Instruction> instructions;
    private final int weightNumel;
    private final Var weight;                 // (weightNumel), or null: weights passed in

    /** The map without weights of its own: call {@link #forward(Var, Var)}. */
    public Linear(Irreps irrepsIn, Irreps irrepsOut) { this(irrepsIn, irrepsOut, null); }

    /** The map with its own weight, drawn from {@code init} (null: none). */
    public Linear(Irreps irrepsIn, Irreps irrepsOut, Init init) {
        this.irrepsIn = irrepsIn;
        this.irrepsOut = irrepsOut;
        int[] fanIn = new int[irrepsOut.size()];
        for (int i = 0; i < irrepsIn.size(); i++)
            for (int o = 0; o < irrepsOut.size(); o++)
                if (irrepsIn.get(i).ir().equals(irrepsOut.get(o).ir())) fanIn[o] += irrepsIn.get(i).mul();
        List<Instruction> ins = new ArrayList<>();
        int off = 0;
        for (int i = 0; i < irrepsIn.size(); i++)
            for (int o = 0; o < irrepsOut.size(); o++) {
                if (!irrepsIn.get(i).ir().equals(irrepsOut.get(o).ir())) continue;
                int mi = irrepsIn.get(i).mul(), mo = irrepsOut.get(o).mul();
                ins.add(new Instruction(i, o, mi, mo, fanIn[o] > 0 ? 1.0 / Math.sqrt(fanIn[o]) : 0.0, off));
                off += mi * mo;
            }
        this.instructions = Collections.unmodifiableList(ins);
        this.weightNumel = off;
        this.weight = init == null ? null : init.normal(weightNumel);
    }

    public Irreps irrepsIn() { return irrepsIn; }
    public Irreps irrepsOut() { return irrepsOut; }
    public List<Instruction> instructions() { return instructions; }
    /** Length of the flat weight vector. */
    public int weightNumel() { return weightNumel; }
    /** The layer's own weight (weightNumel), or null when weights are passed in. */
    public Var weight() { return weight; }
    /** The walk of this layer: {@code weight}, or nothing. */
    public List<NamedWeight> weights() { return weight == null ? List.of() : List.of(new NamedWeight("weight", weight)); }

    /**
     * e3nn's entries after {@code weight} ({@link DerivedBuffers}): {@code bias} (size 0: no biases) and
     * {@code output_mask} (1 over the output blocks an instruction with input copies feeds).
     */
    public List<NamedWeight> buffers(DType dtype) {
        boolean[] reached = new boolean[irrepsOut.size()];
        for (Instruction ins : instructions) reached[ins.iOut()] |= ins.mulIn() > 0;
        return List.of(DerivedBuffers.empty("bias", dtype), DerivedBuffers.outputMask(irrepsOut, reached, dtype));
    }

    /** x (N, irrepsIn.dim) → (N, irrepsOut.dim) with the layer's own weight. */
    public Var forward(Var x) { return forward(x, own()); }

    /** x (N, irrepsIn.dim), w (weightNumel) → (N, irrepsOut.dim). */
    public Var forward(Var x, Var w) { return apply(IrrepsVar.of(checkX(x), irrepsIn), w, Layout.MUL_IR, 1.0); }

    /** The layer's map of {@code scale · x}, x in either layout, the result in layout {@code out}; the scale rides in the products. */
    public IrrepsVar forward(IrrepsVar x, double scale, Layout out) {
        if (!x.irreps().simplify().equals(irrepsIn.simplify()))
            throw new IllegalArgumentException("Linear(" + irrepsIn + " -> " + irrepsOut + "): input irreps " + x.irreps());
        return new IrrepsVar(apply(x, own(), out, scale), irrepsOut, out);
    }

    private Var own() {
        if (weight == null) throw new IllegalStateException("Linear(" + irrepsIn + " -> " + irrepsOut + "): built without weights; pass them to forward(x, w)");
        return weight;
    }

    private Var checkX(Var x) {
        if (x.rank() != 2 || x.size(1) != irrepsIn.dim())
            throw new IllegalArgumentException("Linear(" + irrepsIn + " -> " + irrepsOut + "): expected x of shape (N, " + irrepsIn.dim() + "), got " + java.util.Arrays.toString(x.shape()));
        return x;
    }

    private Var apply(IrrepsVar xv, Var w, Layout outLayout, double scale) {
        if (w.rank() != 1 || w.size(0) != weightNumel)
            throw new IllegalArgumentException("Linear(" + irrepsIn + " -> " + irrepsOut + "): expected weights of shape (" + weightNumel + "), got " + java.util.Arrays.toString(w.shape()));
        Var x = xv.data();
        Irreps inLayout = xv.layout() == Layout.IR_MUL ? xv.irreps() : null;
        boolean outCl = outLayout == Layout.IR_MUL;
        int n = x.size(0);
        List<Var> wb = weightBlocks(w), xb = inputBlocks(x);
        List<Var> blocks = new ArrayList<>();
        for (int o = 0; o < irrepsOut.size(); o++) {
            MulIrrep mo = irrepsOut.get(o);
            if (mo.dim() == 0) continue;
            Var y = outputBlock(x, xb, wb, o, n, inLayout, outCl, scale);
            blocks.add(y != null ? y : x.constantLike(0.0, n, mo.dim()));
        }
        if (blocks.isEmpty()) return x.constantLike(0.0, n, 0);
        return Var.concat(blocks, 1);
    }

    /**
     * All instructions into output o batched into one product without layout shuffles: the input blocks
     * stacked along the multiplicity axis, (N, K, d), or (N, d, K) for input in IR_MUL blocks of {@code inLayout}, and their weight blocks
     * stacked (K, mul_out); the transposes go into the matmul flags and scale·α_o into its factor (every
     * instruction into o has the path weight α_o). Null when nothing feeds o.
     */
    private Var outputBlock(Var x, List<Var> xin, List<Var> ws, int o, int n, Irreps inLayout, boolean outCl, double scale) {
        MulIrrep mo = irrepsOut.get(o);
        int d = mo.ir().dim();
        boolean cl = inLayout != null && d > 1;
        List<Var> xb = new ArrayList<>(), wb = new ArrayList<>();
        int k = 0;
        double alpha = 0.0;
        for (int q = 0; q < instructions.size(); q++) {
            Instruction p = instructions.get(q);
            if (p.iOut() != o || p.mulIn() == 0) continue;
            Var xi = xin.get(p.iIn());                                          // (N, mul_in·d)
            if (!cl) xb.add(xi.reshape(n, p.mulIn(), d));                       // (N, mul_in, d)
            else xb.addAll(channelLastBlocks(xi, inLayout, irrepsIn.offset(p.iIn()), mo.ir(), n));   // (N, d, mul_j)...
            wb.add(ws.get(q));
            k += p.mulIn();
            alpha = scale * p.pathWeight();
        }
        if (k == 0) return null;
        Var wk = wb.size() == 1 ? wb.get(0) : Var.concat(wb, 0);                 // (K, mul_out)
        Var xk = xb.size() == 1 ? xb.get(0) : Var.concat(xb, cl ? 2 : 1);       // (N, K, d), or (N, d, K) channel-last
        if (d == 1) return xk.reshape(n, k).matmul(wk, false, false, alpha);    // (N, mul_out)
        if (cl && outCl) return xk.reshape(n * d, k).matmul(wk, false, false, alpha).reshape(n, d * mo.mul());   // (N·d, mul_out)
        if (!x.value().backend().launchBound()) {
            // the CPU: one large GEMM (N·d, K)·(K, mul_out) beats N batched products d wide, layout copies included
            Var y = (cl ? xk : xk.permute(0, 2, 1)).reshape(n * d, k).matmul(wk, false, false, alpha);   // (N·d, mul_out)
            return outCl ? y.reshape(n, d * mo.mul()) : y.reshape(n, d, mo.mul()).permute(0, 2, 1).reshape(n, mo.mul() * d);
        }
        Var y = cl ? wk.matmul(xk, true, true, alpha)                           // (N, mul_out, d)
                   : (outCl ? xk.matmul(wk, true, false, alpha)                 // (N, d, mul_out)
                            : wk.matmul(xk, true, false, alpha));               // (N, mul_out, d)
        return y.reshape(n, mo.mul() * d);
    }

    /** Each instruction's block of the weights as (mul_in, mul_out), cut in one split (no copy for a single one). */
    private List<Var> weightBlocks(Var ws) {
        int m = instructions.size();
        int[] s = new int[m], e = new int[m];
        for (int q = 0; q < m; q++) { s[q] = instructions.get(q).weightOffset(); e[q] = s[q] + instructions.get(q).weightNumel(); }
        List<Var> b = ws.split(0, s, e), out = new ArrayList<>(m);
        for (int q = 0; q < m; q++) out.add(b.get(q).reshape(instructions.get(q).mulIn(), instructions.get(q).mulOut()));
        return out;
    }

    /** x's input blocks (N, mul·d) that some instruction reads, cut in one split; null for the others. */
    private List<Var> inputBlocks(Var x) {
        boolean[] used = new boolean[irrepsIn.size()];
        for (Instruction p : instructions) used[p.iIn()] |= p.mulIn() > 0;
        int m = 0;
        for (boolean u : used) if (u) m++;
        int[] s = new int[m], e = new int[m];
        for (int i = 0, j = 0; i < used.length; i++) if (used[i]) { s[j] = irrepsIn.offset(i); e[j++] = irrepsIn.offset(i) + irrepsIn.get(i).dim(); }
        List<Var> cut = x.split(1, s, e), out = new ArrayList<>(used.length);
        for (int i = 0, j = 0; i < used.length; i++) out.add(used[i] ? cut.get(j++) : null);
        return out;
    }

    /**
     * The blocks of {@code layout} that tile the input block xb (N, end − start), x's columns [start, end) of
     * irrep ir, each as (N, d, mul_j); c blocks of equal multiplicity M come back as one (N, d, c·M) view
     * (u = j·M + u_j), which keeps the graph small.
     */
    private static List<Var> channelLastBlocks(Var xb, Irreps layout, int start, Irrep ir, int n) {
        int end = start + xb.size(1);
        List<int[]> sub = new ArrayList<>();                      // {offset, mul}
        int at = start;
        for (int j = 0; j < layout.size() && at < end; j++) {
            int off = layout.offset(j);
            MulIrrep mj = layout.get(j);
            if (off < at || mj.dim() == 0) continue;
            if (off != at || !mj.ir().equals(ir) || off + mj.dim() > end)
                throw new IllegalArgumentException("Linear: layout " + layout + " does not tile the input block [" + start + ", " + end + ") of " + ir);
            sub.add(new int[]{off, mj.mul()});
            at = off + mj.dim();
        }
        if (at != end) throw new IllegalArgumentException("Linear: layout " + layout + " does not tile the input block [" + start + ", " + end + ")");
        int d = ir.dim(), m0 = sub.get(0)[1];
        boolean equal = sub.stream().allMatch(b -> b[1] == m0);
        if (equal && sub.size() > 1) {
            int c = sub.size();
            return List.of(xb.reshape(n, c, d, m0).permute(0, 2, 1, 3).reshape(n, d, c * m0));
        }
        int[] s = new int[sub.size()], e = new int[sub.size()];
        for (int j = 0; j < s.length; j++) { s[j] = sub.get(j)[0] - start; e[j] = s[j] + sub.get(j)[1] * d; }
        List<Var> cut = xb.split(1, s, e), r = new ArrayList<>();
        for (int j = 0; j < s.length; j++) r.add(cut.get(j).reshape(n, d, sub.get(j)[1]));
        return r;
    }

    /** The output irreps (irreps-only overload). */
    public Irreps forward(Irreps in) {
        if (!in.equals(irrepsIn)) throw new IllegalArgumentException("Linear: built for " + irrepsIn + ", got " + in);
        return irrepsOut;
    }

    @Override
    public String toString() { return "Linear(" + irrepsIn + " -> " + irrepsOut + ", " + weightNumel + " weights)"; }
}
