package org.jnequip.e3;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Var;
import org.jnequip.e3.IrrepsVar.Layout;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.TpPlan;
import org.jnequip.tensor.TpPlan.Mode;

/**
 * e3nn's {@code o3.TensorProduct} (≥ 0.5 semantics, nequip-spec §3): a weighted sum of Clebsch–Gordan paths
 * between two irreps-valued inputs. For each instruction (i1, i2, iOut, mode, hasWeight, α) and sample z,
 * <pre>
 *   out[z, iOut][w, k] += α · Σ_(u,v) W[u,v,w] · Σ_(i,j) C^(l1,l2,lOut)[i,j,k] · x1[z, i1][u, i] · x2[z, i2][v, j]
 * </pre>
 * written for mode uvw; the other modes tie indices (uvu: w = u, W[u,v]; uvv: w = v, W[u,v]; uuw: v = u,
 * W[u,w]; uuu: v = w = u, W[u]); W ≡ 1 without weights. C is {@link Wigner3j} (Frobenius norm 1, not
 * premultiplied). The path weight follows e3nn with unit input and output variances:
 * <pre>
 *   α² = a · p / x,   a = 2lOut+1 ('component'), (2l1+1)(2l2+1) ('norm') or 1 ('none'),
 *   x = Σ_(ins → same iOut) numElements(ins) ('element'), numElements(ins) · #(ins → iOut) ('path'), 1 ('none')
 * </pre>
 * with p the instruction's user path weight and numElements = mul1·mul2 (uvw), mul2 (uvu), mul1 (uvv, uuw),
 * 1 (uuu). For NequIP's convolution (uvu, mul2 = 1, one path per output slot) α = √(2lOut+1).
 *
 * <p>Weights: one flat vector, blocks in instruction order, each row-major in its path shape; shape
 * (weightNumel) when shared, (Z, weightNumel) per sample otherwise. Internal weights are the layer's own
 * parameter ({@link #weight()}), drawn from N(0, 1) by the {@link Init} it was built with (float64 from seed 0
 * without one).
 *
 * {@snippet :
 * var tp = new TensorProduct(Irreps.parse("4x0e+4x1o"), Irreps.parse("0e+1o"), Irreps.parse("4x0e+4x1o+4x1e"),
 *         List.of(Instruction.of(0, 0, 0, "uvu", true), Instruction.of(1, 1, 0, "uvu", true),
 *                 Instruction.of(0, 1, 1, "uvu", true), Instruction.of(1, 1, 2, "uvu", true)),
 *         TensorProduct.Options.DEFAULT.withSharedWeights(false));
 * Var out = tp.forward(x1, x2, w);   // (E, 28) from (E, 16), (E, 4), (E, 16)
 * }
 */
public class TensorProduct {
    public enum IrrepNormalization { COMPONENT, NORM, NONE }

    public enum PathNormalization { ELEMENT, PATH, NONE }

    /** Constructor options; null flags mean e3nn's defaults (shared weights; internal iff shared and weighted). */
    public record Options(IrrepNormalization irrepNormalization, PathNormalization pathNormalization, Boolean internalWeights, Boolean sharedWeights) {
        public static final Options DEFAULT = new Options(IrrepNormalization.COMPONENT, PathNormalization.ELEMENT, null, null);

        public Options withSharedWeights(boolean s) { return new Options(irrepNormalization, pathNormalization, internalWeights, s); }

        public Options withInternalWeights(boolean i) { return new Options(irrepNormalization, pathNormalization, i, sharedWeights); }

        public Options withNormalization(IrrepNormalization irrep, PathNormalization path) { return new Options(irrep, path, internalWeights, sharedWeights); }
    }

    private final Irreps in1, in2, out;
    private final List<Instruction> instructions;
    private final boolean sharedWeights, internalWeights;
    private final int[] weightOffsets;
    private final int weightNumel;
    private final TpPlan plan, planChannelLast;
    private final Var weight;                 // internal weights (weightNumel), or null

    public TensorProduct(Irreps in1, Irreps in2, Irreps out, List<Instruction> instructions) { this(in1, in2, out, instructions, Options.DEFAULT); }

    /** Instructions carry e3nn's user path weights; the final coefficients are computed as above. */
    public TensorProduct(Irreps in1, Irreps in2, Irreps out, List<Instruction> instructions, Options options) {
        this(in1, in2, out, instructions, options, null);
    }

    /** As above, internal weights (if any) drawn from {@code init}. */
    public TensorProduct(Irreps in1, Irreps in2, Irreps out, List<Instruction> instructions, Options options, Init init) {
        this(in1, in2, out, normalise(in1, in2, out, instructions, options), options.sharedWeights(), options.internalWeights(), init);
    }

    /**
     * A tensor product whose instructions already hold the final path coefficients (e.g. e3nn's
     * {@code tp.instructions}), used as they are.
     */
    public static TensorProduct withPathWeights(Irreps in1, Irreps in2, Irreps out, List<Instruction> instructions, boolean sharedWeights, boolean internalWeights) {
        return new TensorProduct(in1, in2, out, check(in1, in2, out, instructions), sharedWeights, internalWeights, null);
    }

    private TensorProduct(Irreps in1, Irreps in2, Irreps out, List<Instruction> finalIns, Boolean shared, Boolean internal, Init init) {
        this.in1 = in1;
        this.in2 = in2;
        this.out = out;
        this.instructions = List.copyOf(finalIns);
        boolean anyWeight = instructions.stream().anyMatch(Instruction::hasWeight);
        this.sharedWeights = shared == null || shared;
        this.internalWeights = internal != null ? internal : sharedWeights && anyWeight;
        if (internalWeights && !sharedWeights) throw new IllegalArgumentException("TensorProduct: internal weights require shared weights");
        weightOffsets = new int[instructions.size()];
        int off = 0;
        for (int n = 0; n < instructions.size(); n++) {
            Instruction ins = instructions.get(n);
            weightOffsets[n] = ins.hasWeight() ? off : -1;
            if (ins.hasWeight()) off += Arrays.stream(pathShape(n)).reduce(1, (a, b) -> a * b);
        }
        weightNumel = off;
        plan = TpPlans.build(in1, in2, out, instructions, weightOffsets, weightNumel, sharedWeights);
        planChannelLast = plan.withChannelLast(true);
        weight = !internalWeights || weightNumel == 0 ? null : (init != null ? init : Init.of(new Rng(0), DType.F64)).normal(weightNumel);
    }

    /** Validates instructions and replaces each user path weight by e3nn's coefficient. */
    static List<Instruction> normalise(Irreps in1, Irreps in2, Irreps out, List<Instruction> ins, Options o) {
        check(in1, in2, out, ins);
        int n = ins.size();
        double[] elems = new double[n];
        for (int a = 0; a < n; a++) elems[a] = ins.get(a).numElements(in1.get(ins.get(a).iIn1()).mul(), in2.get(ins.get(a).iIn2()).mul());
        List<Instruction> res = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            Instruction in = ins.get(a);
            Irrep i1 = in1.get(in.iIn1()).ir(), i2 = in2.get(in.iIn2()).ir(), io = out.get(in.iOut()).ir();
            double alpha = switch (o.irrepNormalization()) { case COMPONENT -> io.dim(); case NORM -> i1.dim() * i2.dim(); case NONE -> 1; };
            double x = 0;
            int count = 0;
            for (int b = 0; b < n; b++) if (ins.get(b).iOut() == in.iOut()) { x += elems[b]; count++; }
            x = switch (o.pathNormalization()) { case ELEMENT -> x; case PATH -> elems[a] * count; case NONE -> 1; };
            if (x > 0) alpha /= x;
            res.add(in.withPathWeight(Math.sqrt(alpha * in.pathWeight())));
        }
        return res;
    }

    /** e3nn's assertions: indices in range, parity and triangle rule, multiplicities that fit the mode. */
    static List<Instruction> check(Irreps in1, Irreps in2, Irreps out, List<Instruction> ins) {
        for (int n = 0; n < ins.size(); n++) {
            Instruction in = ins.get(n);
            String where = "TensorProduct: instruction " + n + " " + in + ": ";
            if (in.iIn1() < 0 || in.iIn1() >= in1.size() || in.iIn2() < 0 || in.iIn2() >= in2.size() || in.iOut() < 0 || in.iOut() >= out.size())
                throw new IllegalArgumentException(where + "index out of range for " + in1 + " x " + in2 + " -> " + out);
            MulIrrep a = in1.get(in.iIn1()), b = in2.get(in.iIn2()), c = out.get(in.iOut());
            if (a.ir().p() * b.ir().p() != c.ir().p() || c.ir().l() < Math.abs(a.ir().l() - b.ir().l()) || c.ir().l() > a.ir().l() + b.ir().l())
                throw new IllegalArgumentException(where + c.ir() + " is not in " + a.ir() + " x " + b.ir());
            boolean ok = switch (in.connectionMode()) {
                case UVW -> in.hasWeight();
                case UVU -> a.mul() == c.mul();
                case UVV -> b.mul() == c.mul();
                case UUW -> a.mul() == b.mul() && (in.hasWeight() || c.mul() == 1);
                case UUU -> a.mul() == b.mul() && a.mul() == c.mul();
            };
            if (!ok) throw new IllegalArgumentException(where + "multiplicities " + a.mul() + ", " + b.mul() + ", " + c.mul()
                    + (in.connectionMode() == Mode.UVW ? " (uvw needs weights)" : "") + " do not fit mode " + in.connectionMode());
        }
        return ins;
    }

    // ------------------------------------------------------------------ forward
    /** Forward with internal weights. */
    public Var forward(Var x1, Var x2) {
        if (weightNumel > 0 && weight == null) throw new IllegalStateException("TensorProduct: no internal weights; pass weights to forward(x1, x2, w)");
        return forward(x1, x2, weight);
    }

    /** x1 (..., in1.dim), x2 (..., in2.dim) with the same leading shape, w (weightNumel) or (..., weightNumel) → (..., out.dim). */
    public Var forward(Var x1, Var x2, Var w) { return forward(x1, x2, w, plan); }

    /**
     * The product with x1, and the result, in x1's layout: channel-last ({@link Layout#IR_MUL}) where the plan
     * allows it (every path 'uvu' with mul2 = 1, NequIP's convolution: no per-sample layout shuffles), else x1 is
     * converted to the standard layout first. x2 and w as in {@link #forward(Var, Var, Var)}.
     */
    public IrrepsVar forward(IrrepsVar x1, Var x2, Var w) {
        IrrepsVar a = readable(x1);
        return new IrrepsVar(forward(a.data(), x2, w, planFor(a)), out, a.layout());
    }

    /**
     * The message passing of a convolution in one op: out[t] = Σ_(z: idxOut[z] = t) TP(x1[idx1[z]], x2[z], w[z]),
     * with x1 (n1, in1.dim) and the result (nOut, out.dim) in x1's layout (as {@link #forward(IrrepsVar, Var, Var)}),
     * x2 (Z, in2.dim) and w (Z, weightNumel) per sample. Equal to indexAdd(forward(indexSelect(x1, idx1), x2, w),
     * idxOut, nOut) up to rounding; whether the gather and scatter are fused with the contraction (the per-sample
     * inputs and messages never stored) is the backend's choice ({@link Backend#tpContractIndexed}).
     */
    public IrrepsVar forwardGatherScatter(IrrepsVar x1, int[] idx1, Var x2, Var w, int[] idxOut, int nOut) {
        if (sharedWeights) throw new IllegalArgumentException("TensorProduct.forwardGatherScatter: needs per-sample weights");
        int z = idx1.length;
        if (x2.rank() != 2 || x2.size(0) != z || x2.size(1) != in2.dim()) throw new IllegalArgumentException("TensorProduct.forwardGatherScatter: x2 has shape " + Arrays.toString(x2.shape()) + ", expected (" + z + ", " + in2.dim() + ")");
        if (idxOut.length != z) throw new IllegalArgumentException("TensorProduct.forwardGatherScatter: " + z + " gather and " + idxOut.length + " scatter indices");
        if (weightNumel > 0 && (w == null || w.rank() != 2 || w.size(0) != z || w.size(1) != weightNumel))
            throw new IllegalArgumentException("TensorProduct.forwardGatherScatter: weights have shape " + (w == null ? "null" : Arrays.toString(w.shape())) + ", expected (" + z + ", " + weightNumel + ")");
        IrrepsVar a = readable(x1);
        Var wf = w == null || w.dtype() == a.data().dtype() ? w : w.to(a.data().dtype());
        return new IrrepsVar(TensorProductOp.applyIndexed(planFor(a), a.data(), idx1, x2, wf, idxOut, nOut), out, a.layout());
    }

    /**
     * The layout a backend's kernels want x1 in: channel-last where the backend prefers it for its
     * tensor products ({@link Backend#channelLastTp}) and this product allows it.
     */
    public Layout preferredLayout(Backend be) { return be.channelLastTp() && plan.allowsChannelLast() ? Layout.IR_MUL : Layout.MUL_IR; }

    /** x1 in a layout this product's plans can read. */
    private IrrepsVar readable(IrrepsVar x1) {
        if (!x1.irreps().equals(in1)) throw new IllegalArgumentException("TensorProduct: x1 has irreps " + x1.irreps() + ", expected " + in1);
        return x1.layout() == Layout.IR_MUL && !plan.allowsChannelLast() ? x1.to(Layout.MUL_IR) : x1;
    }

    private TpPlan planFor(IrrepsVar x1) { return x1.layout() == Layout.IR_MUL ? planChannelLast : plan; }

    private Var forward(Var x1, Var x2, Var w, TpPlan plan) {
        int[] s1 = x1.shape(), s2 = x2.shape();
        if (s1.length == 0 || s1[s1.length - 1] != in1.dim()) throw new IllegalArgumentException("TensorProduct: x1 has shape " + Arrays.toString(s1) + ", expected (..., " + in1.dim() + ") for " + in1);
        if (s2.length == 0 || s2[s2.length - 1] != in2.dim()) throw new IllegalArgumentException("TensorProduct: x2 has shape " + Arrays.toString(s2) + ", expected (..., " + in2.dim() + ") for " + in2);
        int[] lead = Arrays.copyOf(s1, s1.length - 1);
        if (!Arrays.equals(lead, Arrays.copyOf(s2, s2.length - 1))) throw new IllegalArgumentException("TensorProduct: x1 " + Arrays.toString(s1) + " and x2 " + Arrays.toString(s2) + " differ in leading shape");
        int z = Arrays.stream(lead).reduce(1, (a, b) -> a * b);
        Var wf = null;
        if (weightNumel > 0) {
            if (w == null) throw new IllegalArgumentException("TensorProduct: weights required (" + weightNumel + " per " + (sharedWeights ? "product" : "sample") + ")");
            int[] sw = w.shape();
            int[] want = sharedWeights ? new int[]{weightNumel} : append(lead, weightNumel);
            if (!Arrays.equals(sw, want)) throw new IllegalArgumentException("TensorProduct: weights have shape " + Arrays.toString(sw) + ", expected " + Arrays.toString(want));
            wf = w.dtype() == x1.dtype() ? w : w.to(x1.dtype());
            if (!sharedWeights) wf = wf.reshape(z, weightNumel);
        }
        Var o = TensorProductOp.apply(plan, x1.reshape(z, in1.dim()), x2.reshape(z, in2.dim()), wf);
        return o.reshape(append(lead, out.dim()));
    }

    /** Irreps-only overload: checks the input irreps and returns the output irreps. */
    public Irreps forward(Irreps x1, Irreps x2) {
        if (!x1.equals(in1) || !x2.equals(in2)) throw new IllegalArgumentException("TensorProduct: inputs " + x1 + " x " + x2 + " but built for " + in1 + " x " + in2);
        return out;
    }

    private static int[] append(int[] a, int v) {
        int[] r = Arrays.copyOf(a, a.length + 1);
        r[a.length] = v;
        return r;
    }

    // ------------------------------------------------------------------ accessors
    public Irreps irrepsIn1() { return in1; }
    public Irreps irrepsIn2() { return in2; }
    public Irreps irrepsOut() { return out; }
    /** Instructions with their final path coefficients. */
    public List<Instruction> instructions() { return instructions; }
    public int weightNumel() { return weightNumel; }
    public boolean sharedWeights() { return sharedWeights; }
    public boolean internalWeights() { return internalWeights; }
    /** The backend plan (sparse CG × path weight per instruction). */
    public TpPlan plan() { return plan; }
    /** Offset of instruction n's block in the flat weights, −1 without weights. */
    public int weightOffset(int n) { return weightOffsets[n]; }

    /** e3nn path_shape of instruction n. */
    public int[] pathShape(int n) {
        Instruction in = instructions.get(n);
        return in.pathShape(in1.get(in.iIn1()).mul(), in2.get(in.iIn2()).mul(), out.get(in.iOut()).mul());
    }

    /** The internal weight parameter (null without internal weights). */
    public Var weight() { return weight; }

    /** The walk of this product: {@code weight} (internal weights), or nothing. */
    public List<NamedWeight> weights() { return weight == null ? List.of() : List.of(new NamedWeight("weight", weight)); }

    /**
     * e3nn's entries beside the weights ({@link DerivedBuffers}): {@code weight} of size 0 without an internal
     * weight; {@code output_mask}, 1 over the output blocks that a path with a non-zero coefficient and no empty
     * dimension reaches; and the Wigner 3j tables e3nn's code generator keeps under
     * {@code _compiled_main_left_right.}: one per (l1, l2, l3) of a path between non-empty blocks with all three
     * l ≥ 1 (it writes the l = 0 cases out), in the order of first use.
     */
    public List<NamedWeight> buffers(DType dtype) {
        List<NamedWeight> b = new ArrayList<>();
        if (weight == null) b.add(DerivedBuffers.empty("weight", dtype));
        boolean[] reached = new boolean[out.size()];
        for (int n = 0; n < instructions.size(); n++)
            if (instructions.get(n).pathWeight() != 0 && Arrays.stream(pathShape(n)).noneMatch(d -> d == 0)) reached[instructions.get(n).iOut()] = true;
        b.add(DerivedBuffers.outputMask(out, reached, dtype));
        Set<String> tables = new HashSet<>();
        for (Instruction ins : instructions) {
            MulIrrep a = in1.get(ins.iIn1()), c = in2.get(ins.iIn2()), o = out.get(ins.iOut());
            int l1 = a.ir().l(), l2 = c.ir().l(), l3 = o.ir().l();
            if (a.dim() == 0 || c.dim() == 0 || o.dim() == 0 || l1 == 0 || l2 == 0 || l3 == 0 || !tables.add(l1 + "_" + l2 + "_" + l3)) continue;
            b.add(DerivedBuffers.w3j("_compiled_main_left_right.", l1, l2, l3, dtype));
        }
        return b;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + in1.simplify() + " x " + in2.simplify() + " -> " + out.simplify() + " | " + instructions.size() + " paths | " + weightNumel + " weights)";
    }
}
