package org.jnequip.nequip.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.OpProfile;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.e3.BesselBasis;
import org.jnequip.e3.Init;
import org.jnequip.e3.Irreps;
import org.jnequip.e3.Linear;
import org.jnequip.e3.PolynomialCutoff;
import org.jnequip.e3.SphericalHarmonics;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;

/**
 * The NequIP energy model as nequip 0.6.2 builds it (SimpleIrrepsConfig, EnergyModel, PerSpeciesRescale,
 * StressForceOutput, RescaleEnergyEtc; nequip-spec §5):
 * <pre>
 *   a_i = onehot(t_i)                  h_i = Linear(S×0e → F×0e)(a_i)
 *   Y_e = SH(r_e / |r_e|)              B_e = Bessel(|r_e|) · cutoff(|r_e|)
 *   h   = ConvNetLayer_L(... ConvNetLayer_1(h) ...)
 *   e_i = scale_t · Linear(F/2×0e → 0e)(Linear(h → F/2×0e)) + shift_t
 *   E   = global_scale · Σ_i e_i ;  F = −∂E/∂r ;  virial = −∂E/∂ε (symmetric strain of positions and cell)
 * </pre>
 * Every layer owns its weights, all on one backend; {@link #weights()} walks them in a stable order
 * (nequip's state_dict order) under JNequIP's dotted names, e.g. {@code layer0.fc.layer1.weight}. nequip's
 * state-dict names live in {@code nequip.io.NequipStateDict}, which maps this walk.
 */
public final class NequipModel {
    /** Outputs in eV, eV/Å and eV; {@code virial} is (B,3,3) or null. */
    public record Prediction(Var totalEnergy, Var atomicEnergy, Var forces, Var virial) {}

    private final NequipConfig cfg;
    private final Irreps sh, hidden, nodeAttrs;
    private final BesselBasis radialBasis;
    private final Linear chemEmbedding, toHidden, toScalar;
    private final List<ConvNetLayer> layers = new ArrayList<>();
    private final Var scales, shifts;                    // (S) per-species rescale buffers (model units)

    /** Builds every layer, drawing its weights from {@code init} in nequip's state_dict order. */
    private NequipModel(NequipConfig cfg, Init init) {
        this.cfg = cfg;
        int pSh = cfg.parity() ? -1 : 1;
        this.sh = Irreps.sphericalHarmonics(cfg.lMax(), pSh);
        StringBuilder hs = new StringBuilder();
        int[] parities = cfg.parity() ? new int[]{1, -1} : new int[]{1};
        for (int p : parities)
            for (int l = 0; l <= cfg.lMax(); l++) hs.append(hs.length() > 0 ? "+" : "").append(cfg.numFeatures()).append('x').append(l).append(p == 1 ? 'e' : 'o');
        this.hidden = Irreps.parse(hs.toString());
        this.nodeAttrs = Irreps.parse(cfg.numTypes() + "x0e");
        this.radialBasis = new BesselBasis(cfg.numBasis(), cfg.rMax(), cfg.besselTrainable(), init);
        Irreps embedded = Irreps.parse(cfg.numFeatures() + "x0e");
        this.chemEmbedding = new Linear(nodeAttrs, embedded, init);
        Irreps in = embedded;
        for (int k = 0; k < cfg.numLayers(); k++) {
            ConvNetLayer layer = new ConvNetLayer(in, hidden, sh, nodeAttrs, cfg, init);
            layers.add(layer);
            in = layer.irrepsOut;
        }
        Irreps outHidden = Irreps.parse(Math.max(1, cfg.numFeatures() / 2) + "x0e");
        this.toHidden = new Linear(in, outHidden, init);
        this.toScalar = new Linear(outHidden, Irreps.parse("1x0e"), init);
        double[] sc = cfg.perSpeciesScales() != null ? cfg.perSpeciesScales() : filled(cfg.numTypes(), 1.0);
        double[] sf = cfg.perSpeciesShifts() != null ? cfg.perSpeciesShifts() : filled(cfg.numTypes(), 0.0);
        this.scales = init.values(sc, false, sc.length);
        this.shifts = init.values(sf, false, sf.length);
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    /** A model on the CPU with e3nn-style initialisation: every weight ~ N(0, 1) from {@code seed}, Bessel frequencies nπ. */
    public static NequipModel create(NequipConfig cfg, long seed) { return create(cfg, seed, Backends.cpu()); }

    /** The same model (the same weights for the same seed) with its weights on {@code backend}; inputs go there too. */
    public static NequipModel create(NequipConfig cfg, long seed, Backend backend) {
        return new NequipModel(cfg, new Init(new Rng(seed), cfg.dtype(), backend));
    }

    public NequipConfig config() { return cfg; }

    /**
     * The walk: every weight and buffer the model owns, in nequip's state_dict order — radial_basis, the chemical
     * embedding, layer{k} (linear_1, fc.layer{i}, linear_2, sc), conv_to_output_hidden, output_hidden_to_scalar, then
     * the per_species_rescale buffers (shifts, scales). Trainable entries are parameters; the Bessel frequencies
     * are a buffer unless BesselBasis_trainable. The Vars are the ones the layers compute with (write them in place).
     */
    public List<NamedWeight> weights() { return walk(null); }

    /**
     * The walk as torch's {@code state_dict()} of the same e3nn modules sees it: {@link #weights()} with, after each
     * module's weights, the constants e3nn derives from its structure (size-0 biases and weights, output masks,
     * Wigner 3j tables; the layers' {@code buffers(dtype)}), e.g. {@code layer0.equivariant_nonlin.mul.output_mask},
     * {@code layer0.tp._compiled_main_left_right._w3j_1_1_2}. The derived entries are fresh CPU constants in the
     * model's dtype that nothing computes with; the rest are the model's own Vars.
     */
    public List<NamedWeight> state() { return walk(cfg.dtype()); }

    private List<NamedWeight> walk(DType derived) {
        Walk w = new Walk(derived);
        w.add("radial_basis", radialBasis.weights(), null);
        w.add("chemical_embedding", chemEmbedding.weights(), chemEmbedding::buffers);
        for (int k = 0; k < layers.size(); k++) layers.get(k).walk(w, "layer" + k);
        w.add("conv_to_output_hidden", toHidden.weights(), toHidden::buffers);
        w.add("output_hidden_to_scalar", toScalar.weights(), toScalar::buffers);
        w.add(new NamedWeight("per_species_rescale.shifts", shifts));
        w.add(new NamedWeight("per_species_rescale.scales", scales));
        return w.list();
    }

    /**
     * Energies, per-atom energies, forces and (optionally) virials. With {@code createGraph} the forces and
     * virials stay on the tape so a loss on them can be differentiated with respect to the parameters.
     */
    public Prediction predict(AtomicBatch batch, boolean createGraph, boolean computeVirial) {
        return predict(input(batch), createGraph, computeVirial);
    }

    /** The model's view of a batch (edges and shifts as built by the neighbour list). */
    public static ModelInput input(AtomicBatch b) {
        int[] s = b.edgeShift();
        double[] shifts = new double[s.length];
        for (int i = 0; i < s.length; i++) shifts[i] = s[i];
        return new ModelInput(b.positions(), b.atomTypes(), b.batch(), b.numStructures(), b.edgeCenter(), b.edgeNeighbor(), shifts, b.cells());
    }

    /** The backend the weights live on; inputs are created there. */
    public Backend backend() { return scales.value().backend(); }

    public Prediction predict(ModelInput in, boolean createGraph, boolean computeVirial) {
        DType dt = cfg.dtype();
        Backend be = backend();
        int n = in.numAtoms(), b = in.numStructures(), ne = in.numEdges();
        String outerScope = OpProfile.scope("embedding");                          // profile labels (no-op unless profiling)
        Var pos = Var.param(be.fromHost(in.positions(), dt, n, 3));                // (N, 3)
        Var cells = Var.constant(be.fromHost(in.cells(), dt, b, 3, 3));            // (B, 3, 3)
        Var strain = null, posD = pos, cellD = cells;
        if (computeVirial) {
            strain = Var.param(be.zeros(dt, b, 3, 3));
            Var sym = strain.add(strain.transpose()).mul(0.5);                      // (B, 3, 3)
            posD = pos.add(pos.reshape(n, 1, 3).matmul(sym.indexSelect(0, in.atomStructure())).reshape(n, 3));
            cellD = cells.add(cells.matmul(sym));
        }
        Var vec = posD.indexSelect(0, in.neighbor()).sub(posD.indexSelect(0, in.center()));      // (E, 3)
        if (anyNonZero(in.shifts())) {
            Var sh3 = Var.constant(be.fromHost(in.shifts(), dt, ne, 1, 3));
            Var edgeCells = b == 1 ? cellD.reshape(3, 3) : cellD.indexSelect(0, in.edgeStructure());   // (3, 3) or (E, 3, 3)
            vec = vec.add(sh3.matmul(edgeCells).reshape(ne, 3));
        }
        Var energyAtoms = atomicEnergies(vec, in);                                 // (N)
        Var total = energyAtoms.indexAdd(0, in.atomStructure(), b);                // (B)
        Var[] inputs = computeVirial ? new Var[]{pos, strain} : new Var[]{pos};
        Var[] g = Tape.grad(new Var[]{total}, inputs, null, createGraph);
        Var forces = g[0].neg();
        Var virial = computeVirial ? g[1].neg() : null;
        if (outerScope != null) OpProfile.scope(outerScope);
        return new Prediction(total, energyAtoms, forces, virial);
    }

    /** e_i from edge vectors (E, 3): the whole network up to the per-species rescale and global scale. */
    Var atomicEnergies(Var vec, ModelInput in) {
        DType dt = cfg.dtype();
        int n = in.numAtoms();
        int[] center = in.center(), neighbor = in.neighbor();
        Var len = vec.square().sum(1, false).sqrt();                                      // (E)
        Var y = SphericalHarmonics.forward(vec, sh, true);                                // (E, sh.dim)
        Var emb = radialBasis.forward(len).mul(PolynomialCutoff.forward(len, cfg.rMax(), cfg.polynomialCutoffP()).unsqueeze(1));   // (E, num_basis)
        Var attrs = Var.constant(backend().oneHot(in.types(), cfg.numTypes(), dt));      // (N, S)
        Var h = chemEmbedding.forward(attrs);
        for (int k = 0; k < layers.size(); k++) {
            if (OpProfile.on()) OpProfile.scope("interaction " + k);
            h = layers.get(k).forward(h, attrs, y, emb, center, neighbor);
        }
        OpProfile.scope("output head");
        Var hid = toHidden.forward(h);
        Var raw = toScalar.forward(hid).reshape(n);
        Var s = scales.indexSelect(0, in.types()), t = shifts.indexSelect(0, in.types());
        Var e = raw.mul(s).add(t);
        return cfg.globalScale() == 1.0 ? e : e.mul(cfg.globalScale());
    }

    private static boolean anyNonZero(double[] a) {
        for (double v : a) if (v != 0) return true;
        return false;
    }

    /**
     * Floating-point operations of one forward pass (multiply-add = 2): linear layers 2·N·Σ mul_in·mul_out·(2l+1),
     * radial MLP 2·E·Σ h_in·h_out, tensor products 4·Z·Σ_paths (weight combinations)·nnz(CG) (two multiply-adds
     * per CG entry, as in the TP benchmark; {@link org.jnequip.tensor.TpPlan#flops}). The self-connection counts as
     * it runs: a Linear on Kronecker features when there is one (its matmul), else the FCTP. The op-level
     * profile ({@link org.jnequip.autograd.OpProfile}) charges the same formulas to the matmul and tp_contract
     * ops, so its forward FLOPs add up to this (plus 18 per edge for a periodic cell's shift matmul).
     */
    public double forwardFlops(int atoms, int edges) {
        double f = linearFlops(chemEmbedding, atoms) + linearFlops(toHidden, atoms) + linearFlops(toScalar, atoms);
        for (ConvNetLayer l : layers) {
            f += linearFlops(l.linear1, atoms) + linearFlops(l.linear2, atoms) + tpFlops(l.tp.plan(), edges);
            if (l.sc != null) f += l.scLinear != null ? linearFlops(l.scLinear, atoms) : tpFlops(l.sc.plan(), atoms);   // as it runs
            int[] hs = l.fc.hs();
            for (int k = 0; k + 1 < hs.length; k++) f += 2.0 * edges * hs[k] * hs[k + 1];
        }
        return f;
    }

    static double linearFlops(Linear lin, int n) {
        double f = 0;
        for (Linear.Instruction ins : lin.instructions()) f += 2.0 * n * ins.mulIn() * ins.mulOut() * lin.irrepsIn().get(ins.iIn()).ir().dim();
        return f;
    }

    static double tpFlops(org.jnequip.tensor.TpPlan plan, int z) { return plan.flops(z); }

    /** Human-readable summary: irreps of every layer and the parameter count. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append("NequIP: ").append(cfg.numLayers()).append(" layers, l_max ").append(cfg.lMax()).append(", ").append(cfg.numFeatures())
                .append(" features, r_max ").append(cfg.rMax()).append(", species ").append(cfg.chemicalSymbols()).append(", ").append(cfg.dtype()).append('\n');
        s.append("  edge SH: ").append(sh).append('\n');
        for (int k = 0; k < layers.size(); k++) s.append("  layer").append(k).append(": ").append(layers.get(k).irrepsIn).append(" -> ").append(layers.get(k).irrepsOut).append('\n');
        long count = 0;
        for (Var v : NamedWeight.trainableVars(weights())) count += v.numel();
        s.append("  trainable parameters: ").append(count);
        return s.toString();
    }
}
