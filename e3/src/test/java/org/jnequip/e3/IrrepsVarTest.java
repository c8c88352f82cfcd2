package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.jnequip.autograd.GradCheck;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Var;
import org.jnequip.e3.IrrepsVar.Layout;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link IrrepsVar} layouts and the layers that read them: the channel-last block layout is checked element by
 * element against its definition, and Linear (every in/out layout), TensorProduct and Gate give the standard
 * layout's results whatever layout they are handed, with gradients of order 1 and 2. Also the weights a layer
 * owns: drawn by {@link Init} in construction order, listed by {@code weights()}.
 */
class IrrepsVarTest {
    static final Irreps IRREPS = Irreps.parse("3x0e+2x1o+1x1e+2x2e");   // a block of each kind: d = 1, mul = 1, both > 1

    @Test
    void channelLastIsComponentMajorPerBlockAndConvertsBack() {
        Tensor x = new Rng(1).normal(DType.F64, 4, IRREPS.dim());
        IrrepsVar std = IrrepsVar.of(Var.constant(x), IRREPS), cl = std.to(Layout.IR_MUL);
        assertEquals(Layout.IR_MUL, cl.layout());
        double[] a = x.toDoubleArray(), b = cl.data().value().toDoubleArray();
        for (int n = 0; n < 4; n++)
            for (int blk = 0; blk < IRREPS.size(); blk++) {
                int off = IRREPS.offset(blk), mul = IRREPS.get(blk).mul(), d = IRREPS.get(blk).ir().dim();
                for (int u = 0; u < mul; u++)
                    for (int m = 0; m < d; m++)
                        assertEquals(a[n * IRREPS.dim() + off + u * d + m], b[n * IRREPS.dim() + off + m * mul + u], 0.0, "block " + blk + " u " + u + " m " + m);
            }
        assertArrayEquals(a, cl.to(Layout.MUL_IR).data().value().toDoubleArray(), 0.0, "round trip");
        assertArrayEquals(a, cl.standard().value().toDoubleArray(), 0.0);
        IrrepsVar scalars = IrrepsVar.of(Var.constant(x.slice(1, 0, 3)), Irreps.parse("3x0e"));
        assertSame(scalars.data(), scalars.to(Layout.IR_MUL).data(), "scalars are the same in both layouts: no op");
        assertThrows(IllegalArgumentException.class, () -> IrrepsVar.of(Var.constant(x), Irreps.parse("3x0e")));
    }

    @Test
    void linearReadsAndWritesEitherLayout() {
        Irreps out = Irreps.parse("2x0e+3x1o+2x2e+1x1e");
        Linear lin = new Linear(IRREPS, out, Init.of(new Rng(2), DType.F64));
        Var x = Var.constant(new Rng(3).normal(DType.F64, 5, IRREPS.dim()));
        double[] want = lin.forward(x).mul(0.7).value().toDoubleArray();
        for (Layout in : Layout.values())
            for (Layout o : Layout.values()) {
                IrrepsVar y = lin.forward(IrrepsVar.of(x, IRREPS).to(in), 0.7, o);
                assertEquals(o, y.layout());
                assertEquals(out, y.irreps());
                LayerChecks.close(want, y.standard().value().toDoubleArray(), 1e-13, "Linear " + in + " -> " + o);
            }
        // the layout of unsimplified input irreps: each entry its own channel-last block
        Irreps split = Irreps.parse("1x0e+2x0e+2x1o+1x1e+1x2e+1x2e");
        IrrepsVar xs = IrrepsVar.of(x, split).to(Layout.IR_MUL);
        LayerChecks.close(lin.forward(x).value().toDoubleArray(), lin.forward(xs, 1.0, Layout.MUL_IR).data().value().toDoubleArray(), 1e-13, "Linear on split blocks");
        GradCheck.check(v -> lin.forward(IrrepsVar.of(v[0], IRREPS), 1.0, Layout.IR_MUL).data(), 2, new Rng(4).normal(DType.F64, 2, IRREPS.dim()));
        GradCheck.check(v -> lin.forward(IrrepsVar.of(v[0], IRREPS).to(Layout.IR_MUL), 1.0, Layout.MUL_IR).data(), 2, new Rng(6).normal(DType.F64, 2, IRREPS.dim()));
        assertThrows(IllegalArgumentException.class, () -> lin.forward(IrrepsVar.of(Var.constant(Tensor.zeros(DType.F64, 1, 3)), Irreps.parse("3x0e")), 1.0, Layout.MUL_IR));
        var e = assertThrows(IllegalStateException.class, () -> new Linear(IRREPS, out).forward(x));
        assertTrue(e.getMessage().contains("built without weights"), e.getMessage());
    }

    @Test
    void tensorProductTakesEitherLayoutAndTheBackendChoosesOne() {
        TensorProduct conv = TensorProductGatherScatterTest.conv(3, 2);   // uvu, mul2 = 1: channel-last allowed
        Rng r = new Rng(7);
        int z = 6;
        Var x = Var.constant(r.normal(DType.F64, z, conv.irrepsIn1().dim())), y = Var.constant(r.normal(DType.F64, z, 4)), w = Var.constant(r.normal(DType.F64, z, conv.weightNumel()));
        double[] want = conv.forward(x, y, w).value().toDoubleArray();
        IrrepsVar cl = conv.forward(IrrepsVar.of(x, conv.irrepsIn1()).to(Layout.IR_MUL), y, w);
        assertEquals(Layout.IR_MUL, cl.layout(), "kept channel-last");
        LayerChecks.close(want, cl.standard().value().toDoubleArray(), 1e-13, "uvu product on channel-last input");
        assertEquals(Layout.IR_MUL, conv.preferredLayout(Backends.cpu()), "the CPU's uvu kernels prefer channel-last");

        TensorProduct fc = new FullyConnectedTensorProduct(IRREPS, Irreps.parse("1x0e+1x1o"), Irreps.parse("2x0e+2x1o+1x1e"),
                TensorProduct.Options.DEFAULT.withSharedWeights(false).withInternalWeights(false));   // uvw: standard layout only
        Var x1 = Var.constant(r.normal(DType.F64, z, IRREPS.dim())), x2 = Var.constant(r.normal(DType.F64, z, 4)), w2 = Var.constant(r.normal(DType.F64, z, fc.weightNumel()));
        IrrepsVar got = fc.forward(IrrepsVar.of(x1, IRREPS).to(Layout.IR_MUL), x2, w2);
        assertEquals(Layout.MUL_IR, got.layout(), "converted to the layout the plan reads");
        LayerChecks.close(fc.forward(x1, x2, w2).value().toDoubleArray(), got.data().value().toDoubleArray(), 1e-13, "uvw product on channel-last input");
        assertEquals(Layout.MUL_IR, fc.preferredLayout(Backends.cpu()));
    }

    @Test
    void gateTakesEitherLayout() {
        Gate gate = new Gate(Irreps.parse("2x0e"), new Activation.ByParity("silu", "tanh"), Irreps.parse("3x0e"), new Activation.ByParity("silu", "tanh"), Irreps.parse("2x1o+1x2e"));
        Var x = Var.constant(new Rng(8).normal(DType.F64, 3, gate.irrepsIn().dim()));
        double[] want = gate.forward(x).value().toDoubleArray();
        IrrepsVar got = gate.forward(IrrepsVar.of(x, gate.irrepsIn()).to(Layout.IR_MUL));
        assertEquals(Layout.MUL_IR, got.layout());
        assertEquals(gate.irrepsOut(), got.irreps());
        assertArrayEquals(want, got.data().value().toDoubleArray(), 0.0);
    }

    @Test
    void layersOwnTheirWeightsDrawnInConstructionOrder() {
        Rng rng = new Rng(9);
        Init init = Init.of(rng, DType.F64);
        Linear lin = new Linear(Irreps.parse("2x0e"), Irreps.parse("3x0e"), init);
        FullyConnectedNet fc = new FullyConnectedNet(new int[]{2, 4, 3}, "silu", init);
        BesselBasis frozen = new BesselBasis(3, 4.0, false, init);
        Rng ref = new Rng(9);
        assertArrayEquals(ref.normal(DType.F64, 6).toDoubleArray(), lin.weight().value().toDoubleArray(), 0.0, "the Linear draws first");
        assertArrayEquals(ref.normal(DType.F64, 2, 4).toDoubleArray(), fc.weights().get(0).var().value().toDoubleArray(), 0.0, "then the net, layer by layer");
        assertArrayEquals(ref.normal(DType.F64, 4, 3).toDoubleArray(), fc.weights().get(1).var().value().toDoubleArray(), 0.0);
        assertEquals(List.of("layer0.weight", "layer1.weight"), fc.weights().stream().map(NamedWeight::name).toList());
        assertEquals(List.of("bessel_weights"), frozen.weights().stream().map(NamedWeight::name).toList());
        assertFalse(frozen.weights().get(0).trainable(), "BesselBasis_trainable false: a buffer");
        assertArrayEquals(new double[]{Math.PI, 2 * Math.PI, 3 * Math.PI}, frozen.weight().value().toDoubleArray(), 0.0);
        assertEquals(List.of(), new Linear(Irreps.parse("2x0e"), Irreps.parse("3x0e")).weights(), "no weights of its own");
        TensorProduct sc = new FullyConnectedTensorProduct(Irreps.parse("2x0e"), Irreps.parse("2x0e"), Irreps.parse("1x0e"), TensorProduct.Options.DEFAULT, init);
        assertArrayEquals(ref.normal(DType.F64, 4).toDoubleArray(), sc.weight().value().toDoubleArray(), 0.0, "internal TP weights from the same Init");
    }
}
