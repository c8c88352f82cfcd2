package org.jnequip.nequip.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.e3.BesselBasis;
import org.jnequip.e3.Irreps;
import org.jnequip.e3.Linear;
import org.jnequip.e3.PolynomialCutoff;
import org.jnequip.e3.SphericalHarmonics;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;

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
 * Parameters are named as nequip's state_dict, so reference weights load by name.
 */
public final class NequipModel {
    public static final String P = "model.model.func.";

    /** Outputs in eV, eV/Å and eV; {@code virial} is (B,3,3) or null. */
    public record Prediction(Var totalEnergy, Var atomicEnergy, Var forces, Var virial) {}

    private final NequipConfig cfg;
    private final Irreps sh, hidden, nodeAttrs;
    private final Linear chemEmbedding, toHidden, toScalar;
    private final List<ConvNetLayer> layers = new ArrayList<>();
    private final LinkedHashMap<String, Var> params = new LinkedHashMap<>();
    private Tensor scales, shifts;                       // (S) per-species rescale buffers (model units)

    private NequipModel(NequipConfig cfg) {
        this.cfg = cfg;
        int pSh = cfg.parity() ? -1 : 1;
        this.sh = Irreps.sphericalHarmonics(cfg.lMax(), pSh);
        StringBuilder hs = new StringBuilder();
        int[] parities = cfg.parity() ? new int[]{1, -1} : new int[]{1};
        for (int p : parities)
            for (int l = 0; l <= cfg.lMax(); l++) hs.append(hs.length() > 0 ? "+" : "").append(cfg.numFeatures()).append('x').append(l).append(p == 1 ? 'e' : 'o');
        this.hidden = Irreps.parse(hs.toString());
        this.nodeAttrs = Irreps.parse(cfg.numTypes() + "x0e");
        Irreps embedded = Irreps.parse(cfg.numFeatures() + "x0e");
        this.chemEmbedding = new Linear(nodeAttrs, embedded);
        Irreps in = embedded;
        for (int k = 0; k < cfg.numLayers(); k++) {
            ConvNetLayer layer = new ConvNetLayer(P + "layer" + k + "_convnet", in, hidden, sh, nodeAttrs, cfg);
            layers.add(layer);
            in = layer.irrepsOut;
        }
        Irreps outHidden = Irreps.parse(Math.max(1, cfg.numFeatures() / 2) + "x0e");
        this.toHidden = new Linear(in, outHidden);
        this.toScalar = new Linear(outHidden, Irreps.parse("1x0e"));
        double[] sc = cfg.perSpeciesScales() != null ? cfg.perSpeciesScales() : filled(cfg.numTypes(), 1.0);
        double[] sf = cfg.perSpeciesShifts() != null ? cfg.perSpeciesShifts() : filled(cfg.numTypes(), 0.0);
        this.scales = Tensor.of(sc, cfg.dtype(), sc.length);
        this.shifts = Tensor.of(sf, cfg.dtype(), sf.length);
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    /** A model with e3nn-style initialisation: every weight ~ N(0, 1), Bessel frequencies nπ. */
    public static NequipModel create(NequipConfig cfg, long seed) {
        NequipModel m = new NequipModel(cfg);
        Rng rng = new Rng(seed);
        for (Map.Entry<String, int[]> e : m.parameterShapes().entrySet()) {
            int[] s = e.getValue();
            Tensor t;
            if (e.getKey().endsWith("bessel_weights")) {
                double[] w = new double[s[0]];
                for (int n = 0; n < w.length; n++) w[n] = (n + 1) * Math.PI;
                t = Tensor.of(w, cfg.dtype(), s);
            } else {
                t = rng.normal(cfg.dtype(), s);
            }
            m.params.put(e.getKey(), Var.param(t).named(e.getKey()));
        }
        return m;
    }

    /** Names and shapes of all trainable parameters, in nequip state_dict order. */
    public LinkedHashMap<String, int[]> parameterShapes() {
        LinkedHashMap<String, int[]> s = new LinkedHashMap<>();
        s.put(P + "radial_basis.basis.bessel_weights", new int[]{cfg.numBasis()});
        s.put(P + "chemical_embedding.linear.weight", new int[]{chemEmbedding.weightNumel()});
        for (ConvNetLayer l : layers) l.declare(s);
        s.put(P + "conv_to_output_hidden.linear.weight", new int[]{toHidden.weightNumel()});
        s.put(P + "output_hidden_to_scalar.linear.weight", new int[]{toScalar.weightNumel()});
        return s;
    }

    public NequipConfig config() { return cfg; }

    /** The interaction layers, in order (for {@link NequipStateDict}). */
    List<ConvNetLayer> layers() { return layers; }

    /** Trainable parameters by name (Bessel weights only trainable when BesselBasis_trainable). */
    public LinkedHashMap<String, Var> parameters() {
        LinkedHashMap<String, Var> out = new LinkedHashMap<>(params);
        if (!cfg.besselTrainable()) out.remove(P + "radial_basis.basis.bessel_weights");
        return out;
    }

    /** Every named tensor that defines the model (parameters and rescale buffers) — what a model file stores. */
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> s = new LinkedHashMap<>();
        for (var e : params.entrySet()) s.put(e.getKey(), e.getValue().value());
        s.put(P + "per_species_rescale.scales", scales);
        s.put(P + "per_species_rescale.shifts", shifts);
        s.put("model.scale_by", Tensor.scalar(cfg.globalScale(), cfg.dtype()));
        return s;
    }

    /**
     * Loads tensors by name (nequip's state_dict naming). Parameters must all be present with matching sizes;
     * the rescale buffers and global scale are taken when present; unknown or empty buffers are ignored.
     */
    public void loadParameters(Map<String, Tensor> values) {
        for (Map.Entry<String, Var> e : params.entrySet()) {
            Tensor t = values.get(e.getKey());
            if (t == null) throw new IllegalArgumentException("loadParameters: missing parameter '" + e.getKey() + "'");
            int[] want = e.getValue().shape();
            if (t.numel() != e.getValue().numel())
                throw new IllegalArgumentException("loadParameters: '" + e.getKey() + "' has shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(want));
            e.setValue(Var.param(t.to(cfg.dtype()).reshape(want)).named(e.getKey()));
        }
        if (values.containsKey(P + "per_species_rescale.scales")) scales = values.get(P + "per_species_rescale.scales").to(cfg.dtype()).reshape(cfg.numTypes());
        if (values.containsKey(P + "per_species_rescale.shifts")) shifts = values.get(P + "per_species_rescale.shifts").to(cfg.dtype()).reshape(cfg.numTypes());
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

    /**
     * Moves every parameter to another backend (e.g. {@code Backends.get("opencl")}); later predictions run
     * there. Returns this model.
     */
    public NequipModel to(Backend target) {
        LinkedHashMap<String, Tensor> moved = new LinkedHashMap<>();
        stateDict().forEach((k, t) -> moved.put(k, t.to(target)));
        loadParameters(moved);
        return this;
    }

    /** The backend the parameters live on (CPU unless loaded from device tensors); inputs are created there. */
    public Backend backend() { return params.values().iterator().next().value().backend(); }

    public Prediction predict(ModelInput in, boolean createGraph, boolean computeVirial) {
        DType dt = cfg.dtype();
        Backend be = backend();
        int n = in.numAtoms(), b = in.numStructures(), ne = in.numEdges();
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
        return new Prediction(total, energyAtoms, forces, virial);
    }

    /** e_i from edge vectors (E, 3): the whole network up to the per-species rescale and global scale. */
    Var atomicEnergies(Var vec, ModelInput in) {
        DType dt = cfg.dtype();
        int n = in.numAtoms();
        int[] center = in.center(), neighbor = in.neighbor();
        Var len = vec.square().sum(1, false).sqrt();                                      // (E)
        Var y = SphericalHarmonics.forward(vec, sh, true);                                // (E, sh.dim)
        Var emb = BesselBasis.forward(len, params.get(P + "radial_basis.basis.bessel_weights"), cfg.rMax())
                .mul(PolynomialCutoff.forward(len, cfg.rMax(), cfg.polynomialCutoffP()).unsqueeze(1));   // (E, num_basis)
        Var attrs = Var.constant(backend().oneHot(in.types(), cfg.numTypes(), dt));      // (N, S)
        Var h = chemEmbedding.forward(attrs, params.get(P + "chemical_embedding.linear.weight"));
        for (ConvNetLayer layer : layers) h = layer.forward(h, attrs, y, emb, center, neighbor, params);
        Var hid = toHidden.forward(h, params.get(P + "conv_to_output_hidden.linear.weight"));
        Var raw = toScalar.forward(hid, params.get(P + "output_hidden_to_scalar.linear.weight")).reshape(n);
        Var s = Var.constant(scales.to(backend()).indexSelect(0, in.types())), t = Var.constant(shifts.to(backend()).indexSelect(0, in.types()));
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
     * per CG entry, as in the TP benchmark).
     */
    public double forwardFlops(int atoms, int edges) {
        double f = linearFlops(chemEmbedding, atoms) + linearFlops(toHidden, atoms) + linearFlops(toScalar, atoms);
        for (ConvNetLayer l : layers) {
            f += linearFlops(l.linear1, atoms) + linearFlops(l.linear2, atoms) + tpFlops(l.tp.plan(), edges);
            if (l.sc != null) f += tpFlops(l.sc.plan(), atoms);
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

    static double tpFlops(org.jnequip.tensor.TpPlan plan, int z) {
        double f = 0;
        for (org.jnequip.tensor.TpPlan.Path p : plan.paths()) {
            double combos = switch (p.mode()) {
                case UVW -> (double) p.mul1() * p.mul2() * p.mulOut();
                case UVU, UVV -> (double) p.mul1() * p.mul2();
                case UUW -> (double) p.mul1() * p.mulOut();
                case UUU -> p.mul1();
            };
            f += 4.0 * z * combos * p.nnz();
        }
        return f;
    }

    /** Human-readable summary: irreps of every layer and the parameter count. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append("NequIP: ").append(cfg.numLayers()).append(" layers, l_max ").append(cfg.lMax()).append(", ").append(cfg.numFeatures())
                .append(" features, r_max ").append(cfg.rMax()).append(", species ").append(cfg.chemicalSymbols()).append(", ").append(cfg.dtype()).append('\n');
        s.append("  edge SH: ").append(sh).append('\n');
        for (ConvNetLayer l : layers) s.append("  ").append(l.prefix.substring(P.length())).append(": ").append(l.irrepsIn).append(" -> ").append(l.irrepsOut).append('\n');
        long count = 0;
        for (Var v : parameters().values()) count += v.numel();
        s.append("  trainable parameters: ").append(count);
        return s.toString();
    }
}
