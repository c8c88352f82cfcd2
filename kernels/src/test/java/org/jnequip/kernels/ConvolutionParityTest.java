package org.jnequip.kernels;

import static org.jnequip.kernels.Devices.*;

import java.util.Random;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan;
import org.jnequip.tensor.TpPlan.Slot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The device's graph convolution as the model runs it ({@code tpContractIndexed}: gather, contraction and
 * scatter fused, one launch per open slot) vs the unfused composition indexSelect → tpContract → indexAdd on
 * the same device and on the CPU backend, and vs a naive float64 host computation. The graph has repeated
 * destinations, a node with no incoming edges and an isolated node.
 */
class ConvolutionParityTest {
    static final int N = 9, E = 40;

    record Graph(int[] src, int[] dst) {}

    static Graph graph(Random r) {
        int[] src = new int[E], dst = new int[E];
        for (int e = 0; e < E; e++) {
            src[e] = r.nextInt(N - 1);          // node N-1 isolated
            dst[e] = 1 + r.nextInt(N - 2);      // node 0 receives nothing
        }
        return new Graph(src, dst);
    }

    record Case(TpPlan plan, Graph g, double[] x, double[] sh, double[] w, double[] gout, int[] wShape) {}

    static Case make(Random r, boolean shared) {
        TpPlan plan = TpReference.randomPlan(r, shared);
        int WN = plan.weightNumel();
        return new Case(plan, graph(r), uniform(r, N * plan.dim1(), -1, 1), uniform(r, E * plan.dim2(), -1, 1),
                uniform(r, (shared ? 1 : E) * WN, -1, 1), uniform(r, N * plan.dimOut(), -1, 1), shared ? new int[]{WN} : new int[]{E, WN});
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void fusedVsHostReferenceAndDeviceUnfused(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(81);
        for (boolean shared : new boolean[]{false, true}) {
            Case c = make(r, shared);
            TpPlan p = c.plan();
            double[] x = rounded(c.x(), dt), sh = rounded(c.sh(), dt), w = rounded(c.w(), dt), g = rounded(c.gout(), dt);
            Tensor tx = dev.fromHost(x, dt, N, p.dim1()), tsh = dev.fromHost(sh, dt, E, p.dim2()), tw = dev.fromHost(w, dt, c.wShape()), tg = dev.fromHost(g, dt, N, p.dimOut());
            String tag = shared ? " shared w" : " per-edge w";
            Tensor fwd = forward(dev, p, tx, tsh, tw, c.g());
            Tensor[] bwd = backward(dev, p, tx, tsh, tw, c.g(), tg);
            // naive float64 host composition
            double[] xs = gatherRows(x, c.g().src(), p.dim1()), gm = gatherRows(g, c.g().dst(), p.dimOut());
            double[] msg = TpReference.contract(p, Slot.OUT, E, xs, sh, w, null);
            assertClose("conv fwd vs host" + tag, fwd, CPU.fromHost(scatterRows(msg, c.g().dst(), N, p.dimOut()), dt, N, p.dimOut()));
            double[] gxe = TpReference.contract(p, Slot.X1, E, null, sh, w, gm);
            assertClose("conv gx vs host" + tag, bwd[0], CPU.fromHost(scatterRows(gxe, c.g().src(), N, p.dim1()), dt, N, p.dim1()));
            assertClose("conv gsh vs host" + tag, bwd[1], CPU.fromHost(TpReference.contract(p, Slot.X2, E, xs, null, w, gm), dt, E, p.dim2()));
            assertClose("conv gw vs host" + tag, bwd[2], CPU.fromHost(TpReference.contract(p, Slot.W, E, xs, sh, null, gm), dt, c.wShape()));
            // unfused on the same device
            assertClose("conv fwd vs device unfused" + tag, fwd, unfusedForward(dev, p, tx, tsh, tw, c.g()));
            Tensor[] ub = unfusedBackward(dev, p, tx, tsh, tw, c.g(), tg);
            for (int k = 0; k < 3; k++) assertClose("conv bwd[" + k + "] vs device unfused" + tag, bwd[k], ub[k]);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void fusedVsCpuUnfused(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(82);
        for (boolean shared : new boolean[]{false, true}) {
            Case c = make(r, shared);
            TpPlan p = c.plan();
            Pair x = pair(dev, c.x(), dt, N, p.dim1()), sh = pair(dev, c.sh(), dt, E, p.dim2()), w = pair(dev, c.w(), dt, c.wShape()), g = pair(dev, c.gout(), dt, N, p.dimOut());
            String tag = shared ? " shared w" : " per-edge w";
            assertClose("conv fwd vs cpu unfused" + tag, forward(dev, p, x.dev(), sh.dev(), w.dev(), c.g()),
                    cpuOrSkip(() -> unfusedForward(CPU, p, x.cpu(), sh.cpu(), w.cpu(), c.g())));
            Tensor[] got = backward(dev, p, x.dev(), sh.dev(), w.dev(), c.g(), g.dev());
            Tensor[] want = cpuOrSkipAll(() -> unfusedBackward(CPU, p, x.cpu(), sh.cpu(), w.cpu(), c.g(), g.cpu()));
            for (int k = 0; k < 3; k++) assertClose("conv bwd[" + k + "] vs cpu unfused" + tag, got[k], want[k]);
        }
    }

    /** out (N, dimOut) = Σ_(e: dst[e] = n) TP(x[src[e]], sh[e], w[e]): the model's convolution. */
    static Tensor forward(Backend b, TpPlan p, Tensor x, Tensor sh, Tensor w, Graph g) {
        return b.tpContractIndexed(p, Slot.OUT, x, g.src(), N, sh, w, null, g.dst(), N);
    }

    /** {gx (N, dim1), gsh (E, dim2), gw} for the output cotangent gout (N, dimOut): the three other slots. */
    static Tensor[] backward(Backend b, TpPlan p, Tensor x, Tensor sh, Tensor w, Graph g, Tensor gout) {
        return new Tensor[]{b.tpContractIndexed(p, Slot.X1, null, g.src(), N, sh, w, gout, g.dst(), N),
                b.tpContractIndexed(p, Slot.X2, x, g.src(), N, null, w, gout, g.dst(), N),
                b.tpContractIndexed(p, Slot.W, x, g.src(), N, sh, null, gout, g.dst(), N)};
    }

    /** indexAdd(tpContract(OUT, indexSelect(x, src), sh, w), dst, N). */
    static Tensor unfusedForward(Backend b, TpPlan p, Tensor x, Tensor sh, Tensor w, Graph g) {
        return b.indexAdd(b.tpContract(p, Slot.OUT, b.indexSelect(x, 0, g.src()), sh, w, null), 0, g.dst(), N);
    }

    /** The backward through gathered operands. */
    static Tensor[] unfusedBackward(Backend b, TpPlan p, Tensor x, Tensor sh, Tensor w, Graph g, Tensor gout) {
        Tensor gm = b.indexSelect(gout, 0, g.dst()), xs = b.indexSelect(x, 0, g.src());
        return new Tensor[]{b.indexAdd(b.tpContract(p, Slot.X1, null, sh, w, gm), 0, g.src(), N),
                b.tpContract(p, Slot.X2, xs, null, w, gm), b.tpContract(p, Slot.W, xs, sh, null, gm)};
    }

    static double[] rounded(double[] v, DType dt) {
        if (dt == DType.F64) return v;
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) o[i] = (float) v[i];
        return o;
    }

    static double[] gatherRows(double[] x, int[] idx, int w) {
        double[] o = new double[idx.length * w];
        for (int e = 0; e < idx.length; e++) System.arraycopy(x, idx[e] * w, o, e * w, w);
        return o;
    }

    static double[] scatterRows(double[] m, int[] idx, int n, int w) {
        double[] o = new double[n * w];
        for (int e = 0; e < idx.length; e++) for (int c = 0; c < w; c++) o[idx[e] * w + c] += m[e * w + c];
        return o;
    }
}
