package org.jnequip.nequip.model;

import java.util.ArrayList;
import java.util.List;
import org.jnequip.autograd.Var;
import org.jnequip.e3.FullyConnectedNet;
import org.jnequip.e3.FullyConnectedTensorProduct;
import org.jnequip.e3.Gate;
import org.jnequip.e3.Init;
import org.jnequip.e3.Instruction;
import org.jnequip.e3.Irrep;
import org.jnequip.e3.Irreps;
import org.jnequip.e3.IrrepsVar;
import org.jnequip.e3.IrrepsVar.Layout;
import org.jnequip.e3.Linear;
import org.jnequip.e3.MulIrrep;
import org.jnequip.e3.TensorProduct;

/**
 * One NequIP interaction layer (nequip 0.6.2 ConvNetLayer + InteractionBlock; nequip-spec §5 step 6):
 * <pre>
 *   sc    = FCTP(h, attrs)                                   (use_sc)
 *   x     = linear_1(h)
 *   w_e   = fc(edge_embedding_e)                             (radial MLP, one weight per TP path channel)
 *   m_e   = TP_uvu(x[j_e], Y_e, w_e) / √avg_num_neighbors
 *   agg_i = Σ_{e: centre i} m_e
 *   out   = Gate(linear_2(agg) + sc)                         (+ h when resnet and irreps agree)
 * </pre>
 * The layer's irreps follow the reachability rule (tp_path_exists) over feature_irreps_hidden. It owns its
 * weights, drawn from the model's {@link Init} in nequip's order (linear_1, fc, linear_2, sc). Which layout
 * x and the messages keep (channel-last or not) is the backend's choice ({@link TensorProduct#preferredLayout}).
 */
final class ConvNetLayer {
    final Irreps irrepsIn, irrepsOut, convIrrepsOut, irrepsMid;
    final Linear linear1, linear2;
    final FullyConnectedNet fc;
    final TensorProduct tp;
    final FullyConnectedTensorProduct sc;      // null without use_sc
    final Linear scLinear;                     // the same map as sc, as a Linear on Kronecker features (null if not applicable)
    final int numTypes;
    private final int[] kronH, kronA;          // Kronecker features: the h and attribute column of each (fixed arrays: device uploads are cached by identity)
    final Gate gate;
    final boolean resnet;
    final double messageScale;               // 1/√avg_num_neighbors, or 1

    ConvNetLayer(Irreps irrepsIn, Irreps hidden, Irreps sh, Irreps nodeAttrs, NequipConfig cfg, Init init) {
        this.irrepsIn = irrepsIn;
        // ---- irreps of this layer: what the TP can reach from the input
        List<MulIrrep> scalars = new ArrayList<>(), gated = new ArrayList<>();
        for (MulIrrep mi : hidden) {
            if (!pathExists(irrepsIn, sh, mi.ir())) continue;
            (mi.ir().l() == 0 ? scalars : gated).add(mi);
        }
        Irrep gateIr = pathExists(irrepsIn, sh, Irrep.parse("0e")) ? Irrep.parse("0e") : Irrep.parse("0o");
        List<MulIrrep> gates = new ArrayList<>();
        for (MulIrrep g : gated) gates.add(new MulIrrep(g.mul(), gateIr));
        Irreps irrScalars = Irreps.of(scalars), irrGated = Irreps.of(gated), irrGates = Irreps.of(gates);
        List<String> actScalars = new ArrayList<>(), actGates = new ArrayList<>();
        for (MulIrrep s : scalars) actScalars.add(s.ir().p() == 1 ? cfg.scalarsEven() : cfg.scalarsOdd());
        for (MulIrrep g : gates) actGates.add(g.ir().p() == 1 ? cfg.gatesEven() : cfg.gatesOdd());
        this.gate = new Gate(irrScalars, actScalars, irrGates, actGates, irrGated);
        this.convIrrepsOut = gate.irrepsIn().simplify();
        this.irrepsOut = gate.irrepsOut();
        // ---- interaction block
        this.linear1 = new Linear(irrepsIn, irrepsIn, init);
        List<MulIrrep> mid = new ArrayList<>();
        List<int[]> ins = new ArrayList<>();
        for (int i = 0; i < irrepsIn.size(); i++) {
            MulIrrep a = irrepsIn.get(i);
            for (int j = 0; j < sh.size(); j++) {
                for (Irrep out : a.ir().times(sh.get(j).ir())) {
                    if (convIrrepsOut.count(out) > 0) {
                        ins.add(new int[]{i, j, mid.size()});
                        mid.add(new MulIrrep(a.mul(), out));
                    }
                }
            }
        }
        Irreps.Sorted sorted = Irreps.of(mid).sort();
        this.irrepsMid = sorted.irreps();
        List<Instruction> instructions = new ArrayList<>();
        for (int[] t : ins) instructions.add(Instruction.of(t[0], t[1], sorted.p()[t[2]], "uvu", true));
        this.tp = new TensorProduct(irrepsIn, sh, irrepsMid, instructions, TensorProduct.Options.DEFAULT.withSharedWeights(false).withInternalWeights(false));
        int[] hs = new int[cfg.invariantLayers() + 2];
        hs[0] = cfg.numBasis();
        for (int k = 1; k <= cfg.invariantLayers(); k++) hs[k] = cfg.invariantNeurons();
        hs[hs.length - 1] = tp.weightNumel();
        this.fc = new FullyConnectedNet(hs, cfg.scalarsEven(), init);
        this.linear2 = new Linear(irrepsMid.simplify(), convIrrepsOut, init);
        this.sc = cfg.useSc() ? new FullyConnectedTensorProduct(irrepsIn, nodeAttrs, convIrrepsOut, TensorProduct.Options.DEFAULT, init) : null;
        this.numTypes = nodeAttrs.dim();
        this.scLinear = sc != null ? kroneckerLinear(irrepsIn, nodeAttrs, convIrrepsOut) : null;
        int[][] kc = kroneckerColumns(irrepsIn, numTypes);
        this.kronH = kc[0];
        this.kronA = kc[1];
        this.resnet = cfg.resnet() && irrepsIn.equals(irrepsOut);
        this.messageScale = Double.isNaN(cfg.avgNumNeighbors()) ? 1.0 : 1.0 / Math.sqrt(cfg.avgNumNeighbors());
    }

    /**
     * The self-connection FCTP(x, a) with a ∈ S×0e is a Linear on the Kronecker features z[u·S+v, m] = x[u, m]·a[v]
     * of each input block: its paths l⊗0e→l have CG δ_mk/√(2l+1), so α·C = 1/√(Σ mul1·S) = Linear's 1/√(fan_in),
     * and W[u, v, w] row-major is Linear's (mul_in = u·S+v, mul_out) block, instructions in the same order.
     */
    static Linear kroneckerLinear(Irreps in, Irreps attrs, Irreps out) {
        if (attrs.size() != 1 || attrs.get(0).ir().l() != 0 || attrs.get(0).ir().p() != 1) return null;
        int s = attrs.get(0).mul();
        List<MulIrrep> kr = new ArrayList<>();
        for (MulIrrep mi : in) kr.add(new MulIrrep(mi.mul() * s, mi.ir()));
        return new Linear(Irreps.of(kr), out);
    }

    /**
     * z (N, Σ mul·S·d): per block of h, z[n, (u·S+v)·d + m] = h[n, u, m] · a[n, v], as two column gathers
     * (h by {@link #kronH}, a by {@link #kronA}) and one product.
     */
    private Var kronecker(Var h, Var attrs) { return h.indexSelect(1, kronH).mul(attrs.indexSelect(1, kronA)); }

    /** The columns of h and of the attributes that each Kronecker feature multiplies: {h columns, a columns}. */
    static int[][] kroneckerColumns(Irreps in, int s) {
        int total = 0;
        for (MulIrrep mi : in) total += mi.dim() * s;
        int[] hc = new int[total], ac = new int[total];
        int c = 0;
        for (int b = 0; b < in.size(); b++) {
            MulIrrep mi = in.get(b);
            int off = in.offset(b), d = mi.ir().dim();
            for (int u = 0; u < mi.mul(); u++)
                for (int v = 0; v < s; v++)
                    for (int m = 0; m < d; m++, c++) { hc[c] = off + u * d + m; ac[c] = v; }
        }
        return new int[][]{hc, ac};
    }

    /** tp_path_exists: some (ir1 in a, ir2 in b) with target ∈ ir1 ⊗ ir2. */
    static boolean pathExists(Irreps a, Irreps b, Irrep target) {
        for (MulIrrep x : a)
            for (MulIrrep y : b)
                if (x.mul() > 0 && y.mul() > 0 && x.ir().times(y.ir()).contains(target)) return true;
        return false;
    }

    /**
     * This layer's part of the walk under {@code p}: equivariant_nonlin (derived entries only), linear_1,
     * fc.layer{k}, tp (derived entries only: its weights come from fc), linear_2, sc — nequip's order, e3nn's names.
     */
    void walk(Walk w, String p) {
        w.add(p + ".equivariant_nonlin", List.of(), gate::buffers);
        w.add(p + ".linear_1", linear1.weights(), linear1::buffers);
        w.add(p + ".fc", fc.weights(), null);
        w.add(p + ".tp", tp.weights(), tp::buffers);
        w.add(p + ".linear_2", linear2.weights(), linear2::buffers);
        if (sc != null) w.add(p + ".sc", sc.weights(), sc::buffers);
    }

    /**
     * @param h      (N, irrepsIn.dim) node features
     * @param attrs  (N, S) one-hot species
     * @param sh     (E, sh.dim) edge spherical harmonics
     * @param emb    (E, num_basis) edge embedding (Bessel × cutoff)
     */
    Var forward(Var h, Var attrs, Var sh, Var emb, int[] center, int[] neighbor) {
        int n = h.size(0);
        Var sco = null;
        if (scLinear != null) sco = scLinear.forward(kronecker(h, attrs), sc.weight());
        else if (sc != null) sco = sc.forward(h, attrs);
        IrrepsVar x = linear1.forward(IrrepsVar.of(h, irrepsIn), 1.0, tp.preferredLayout(h.value().backend()));
        Var w = fc.forward(emb);                                                    // (E, weight_numel)
        IrrepsVar agg = tp.forwardGatherScatter(x, neighbor, sh, w, center, n);   // (N, mid.dim): Σ_(e → i) TP(x[j_e], Y_e, w_e)
        Var y = linear2.forward(agg, messageScale, Layout.MUL_IR).data();        // linear_2(agg / √avg)
        if (sco != null) y = y.add(sco);
        Var out = gate.forward(y);
        return resnet ? h.add(out) : out;
    }
}
