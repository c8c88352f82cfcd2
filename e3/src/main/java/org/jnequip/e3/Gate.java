package org.jnequip.e3;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;

/**
 * e3nn's {@code nn.Gate}: an equivariant nonlinearity. Scalars go through their activations; every gated
 * copy (l &gt; 0) is multiplied by one activated gate scalar:
 * <pre>  out = [ φ_s(scalars) | gated_k · φ_g(gate_k) for k = 0 .. n_gated−1 ] </pre>
 * Gate channel k multiplies the k-th gated copy counted in {@code irrepsGated} order (e3nn's
 * ElementwiseTensorProduct 'uuu' with a scalar, i.e. a plain product).
 *
 * <p>Layouts (nequip-spec §4): the input is {@code sort(scalars.simplify() + gates.simplify() +
 * gated.simplify()).simplify()} (stable sort, so the scalars' 0e channels come before the gates' 0e
 * channels); the output is NOT sorted: scalars first, then the gated blocks in {@code irrepsGated} order.
 * Parity bookkeeping: a 0o scalar or gate under an even activation becomes 0e, under an odd one stays 0o, and a
 * gated (l, p) times a 0o gate becomes (l, −p).
 *
 * {@snippet :
 * Gate gate = new Gate(Irreps.parse("4x0e"), new Activation.ByParity("silu", "tanh"),
 *         Irreps.parse("8x0e"), new Activation.ByParity("silu", "tanh"), Irreps.parse("4x1o+4x2e"));
 * gate.irrepsIn();              // 12x0e+4x1o+4x2e
 * Var y = gate.forward(x);      // (N, 36) → (N, 4 + 12 + 20)
 * }
 */
public final class Gate {
    private final Irreps scalars, gates, gated, irrepsIn, irrepsOut;
    private final List<Activation> actScalars, actGates;   // one per entry of scalars / gates (null: none)
    private final int[] gather;        // input column of each column of [scalars | gates | gated]
    private final int[] gateOfColumn;  // gate channel of each gated column

    /** e3nn form: one activation name (or null) per entry of {@code scalars} and of {@code gates}. */
    public Gate(Irreps scalars, List<String> actScalars, Irreps gates, List<String> actGates, Irreps gated) {
        this(scalars, gates, gated, acts("scalars", scalars, actScalars), acts("gates", gates, actGates));
    }

    /** NequIP form: the activation of each scalar and gate entry is chosen by its parity. */
    public Gate(Irreps scalars, Activation.ByParity actScalars, Irreps gates, Activation.ByParity actGates, Irreps gated) {
        this(scalars, gates, gated, byParity(scalars, actScalars), byParity(gates, actGates));
    }

    private Gate(Irreps scalars, Irreps gates, Irreps gated, List<Activation> actScalars, List<Activation> actGates) {
        if (gates.numIrreps() != gated.numIrreps())
            throw new IllegalArgumentException("Gate: " + gates.numIrreps() + " gates (" + gates + ") for " + gated.numIrreps() + " gated copies (" + gated + ")");
        this.scalars = scalars;
        this.gates = gates;
        this.gated = gated;
        this.actScalars = actScalars;
        this.actGates = actGates;
        Irreps all = scalars.simplify().concat(gates.simplify()).concat(gated.simplify());
        Irreps.Sorted sorted = all.sort();
        this.irrepsIn = sorted.irreps().simplify();
        this.gather = new int[all.dim()];
        for (int i = 0, c = 0; i < all.size(); i++) {
            int start = sorted.irreps().offset(sorted.p()[i]);
            for (int m = 0; m < all.get(i).dim(); m++) gather[c++] = start + m;
        }
        this.gateOfColumn = new int[gated.dim()];
        int col = 0, channel = 0;
        for (MulIrrep mi : gated)
            for (int u = 0; u < mi.mul(); u++, channel++)
                for (int m = 0; m < mi.ir().dim(); m++) gateOfColumn[col++] = channel;
        this.irrepsOut = activated(scalars, actScalars).concat(gatedOut(gated, activated(gates, actGates)));
    }

    private static List<Activation> acts(String what, Irreps irreps, List<String> names) {
        if (names.size() != irreps.size())
            throw new IllegalArgumentException("Gate: " + names.size() + " activations for the " + irreps.size() + " entries of " + what + " " + irreps);
        List<Activation> out = new ArrayList<>();
        for (String n : names) out.add(n == null ? null : Activation.of(n));
        return out;
    }

    private static List<Activation> byParity(Irreps irreps, Activation.ByParity acts) {
        List<Activation> out = new ArrayList<>();
        for (MulIrrep m : irreps) out.add(acts.forParity(m.ir().p()));
        return out;
    }

    /** e3nn Activation's output irreps: scalars keep l = 0, parity per {@link Activation#outputParity}. */
    private static Irreps activated(Irreps in, List<Activation> acts) {
        List<MulIrrep> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            MulIrrep m = in.get(i);
            Activation a = acts.get(i);
            if (a == null) { out.add(m); continue; }
            if (m.ir().l() != 0) throw new IllegalArgumentException("Gate: activation " + a.name() + " on non-scalar " + m + "; scalars and gates must be l = 0");
            out.add(new MulIrrep(m.mul(), new Irrep(0, a.outputParity(m.ir().p()))));
        }
        return Irreps.of(out);
    }

    /** ElementwiseTensorProduct(gated, gates) output: both simplified, split so copies pair up, (l, p_gated·p_gate). */
    private static Irreps gatedOut(Irreps gated, Irreps gates) {
        List<MulIrrep> a = new ArrayList<>(gated.simplify().list()), b = new ArrayList<>(gates.simplify().list());
        List<MulIrrep> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            MulIrrep x = a.get(i), g = b.get(i);
            if (x.mul() < g.mul()) { b.set(i, new MulIrrep(x.mul(), g.ir())); b.add(i + 1, new MulIrrep(g.mul() - x.mul(), g.ir())); }
            if (g.mul() < x.mul()) { a.set(i, new MulIrrep(g.mul(), x.ir())); a.add(i + 1, new MulIrrep(x.mul() - g.mul(), x.ir())); }
            MulIrrep xi = a.get(i);
            out.add(new MulIrrep(xi.mul(), new Irrep(xi.ir().l(), xi.ir().p() * b.get(i).ir().p())));
        }
        return Irreps.of(out);
    }

    public Irreps irrepsIn() { return irrepsIn; }
    public Irreps irrepsOut() { return irrepsOut; }
    public Irreps irrepsScalars() { return scalars; }
    public Irreps irrepsGates() { return gates; }
    public Irreps irrepsGated() { return gated; }

    /**
     * e3nn's entries of the gate's ElementwiseTensorProduct {@code mul} ({@link DerivedBuffers}): {@code mul.weight}
     * (size 0) and {@code mul.output_mask} (ones over the gated irreps: every gated block gets its gate).
     */
    public List<NamedWeight> buffers(DType dtype) {
        boolean[] all = new boolean[gated.size()];
        Arrays.fill(all, true);
        return NamedWeight.prefixed("mul", List.of(DerivedBuffers.empty("weight", dtype), DerivedBuffers.outputMask(gated, all, dtype)));
    }

    /** x (irrepsIn, either layout; the gate reads the standard one) → (N, irrepsOut.dim) in the standard layout. */
    public IrrepsVar forward(IrrepsVar x) {
        if (!x.irreps().simplify().equals(irrepsIn)) throw new IllegalArgumentException("Gate(" + irrepsIn + " -> " + irrepsOut + "): input irreps " + x.irreps());
        return IrrepsVar.of(forward(x.standard()), irrepsOut);
    }

    /** x (N, irrepsIn.dim) → (N, irrepsOut.dim). */
    public Var forward(Var x) {
        if (x.rank() != 2 || x.size(1) != irrepsIn.dim())
            throw new IllegalArgumentException("Gate(" + irrepsIn + " -> " + irrepsOut + "): expected input (N, " + irrepsIn.dim() + "), got " + Arrays.toString(x.shape()));
        int s = scalars.dim(), g = gates.dim();
        Var cut = x.indexSelect(1, gather);                                   // (N, s + g + gated.dim)
        List<int[]> runsS = runs(scalars, actScalars, 0), runsG = runs(gates, actGates, s);
        List<int[]> all = new ArrayList<>(runsS);
        all.addAll(runsG);
        all.add(new int[]{s + g, cut.size(1)});
        int[] starts = new int[all.size()], ends = new int[all.size()];
        for (int k = 0; k < starts.length; k++) { starts[k] = all.get(k)[0]; ends[k] = all.get(k)[1]; }
        List<Var> pieces = cut.split(1, starts, ends);                        // every run and the gated columns in one op
        int ns = runsS.size(), ng = runsG.size();
        Var out = applyActs(pieces.subList(0, ns), runsS, actScalars, cut, 0, s);          // (N, s)
        if (g == 0) return out;
        Var gateVals = applyActs(pieces.subList(ns, ns + ng), runsG, actGates, cut, s, s + g);   // (N, g)
        Var product = pieces.get(ns + ng).mul(gateVals.indexSelect(1, gateOfColumn));
        return s == 0 ? product : Var.concat(List.of(out, product), 1);
    }

    /**
     * The runs of entries with the same activation, as {start, end, first entry} columns of cut (offset added);
     * empty runs are left out.
     */
    private static List<int[]> runs(Irreps irreps, List<Activation> acts, int offset) {
        List<int[]> r = new ArrayList<>();
        int i = 0;
        while (i < irreps.size()) {
            int j = i + 1;
            while (j < irreps.size() && same(acts.get(j), acts.get(i))) j++;
            int start = irreps.offset(i), stop = irreps.offset(j);
            if (stop > start) r.add(new int[]{offset + start, offset + stop, i});
            i = j;
        }
        return r;
    }

    /** Each run's activation on its piece, the results side by side; the columns [from, to) of cut when there are no runs. */
    private static Var applyActs(List<Var> pieces, List<int[]> runs, List<Activation> acts, Var cut, int from, int to) {
        if (pieces.isEmpty()) return cut.slice(1, from, to);
        List<Var> parts = new ArrayList<>();
        for (int k = 0; k < pieces.size(); k++) {
            Activation a = acts.get(runs.get(k)[2]);
            parts.add(a == null ? pieces.get(k) : a.apply(pieces.get(k)));
        }
        return parts.size() == 1 ? parts.get(0) : Var.concat(parts, 1);
    }

    private static boolean same(Activation a, Activation b) { return a == null ? b == null : b != null && a.name().equals(b.name()); }

    @Override
    public String toString() { return "Gate(" + irrepsIn + " -> " + irrepsOut + ")"; }
}
