package org.jnequip.e3;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jnequip.autograd.Var;

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

    /** x (N, irrepsIn.dim) → (N, irrepsOut.dim). */
    public Var forward(Var x) {
        if (x.rank() != 2 || x.size(1) != irrepsIn.dim())
            throw new IllegalArgumentException("Gate(" + irrepsIn + " -> " + irrepsOut + "): expected input (N, " + irrepsIn.dim() + "), got " + Arrays.toString(x.shape()));
        int s = scalars.dim(), g = gates.dim();
        Var cut = x.indexSelect(1, gather);                                   // (N, s + g + gated.dim)
        Var out = applyActs(cut.slice(1, 0, s), scalars, actScalars);          // (N, s)
        if (g == 0) return out;
        Var gateVals = applyActs(cut.slice(1, s, s + g), gates, actGates);    // (N, g)
        Var product = cut.slice(1, s + g, cut.size(1)).mul(gateVals.indexSelect(1, gateOfColumn));
        return s == 0 ? product : Var.concat(List.of(out, product), 1);
    }

    /** The activation of each entry on its columns; runs of entries with the same activation share one op. */
    private static Var applyActs(Var x, Irreps irreps, List<Activation> acts) {
        List<Var> parts = new ArrayList<>();
        int i = 0;
        while (i < irreps.size()) {
            int j = i + 1;
            while (j < irreps.size() && same(acts.get(j), acts.get(i))) j++;
            int start = irreps.offset(i), stop = irreps.offset(j);
            if (stop > start) {
                Var part = x.slice(1, start, stop);
                parts.add(acts.get(i) == null ? part : acts.get(i).apply(part));
            }
            i = j;
        }
        if (parts.isEmpty()) return x;
        return parts.size() == 1 ? parts.get(0) : Var.concat(parts, 1);
    }

    private static boolean same(Activation a, Activation b) { return a == null ? b == null : b != null && a.name().equals(b.name()); }

    @Override
    public String toString() { return "Gate(" + irrepsIn + " -> " + irrepsOut + ")"; }
}
