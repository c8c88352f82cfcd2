package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jnequip.autograd.GradCheck;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Runs the code of e3/README.md: every ```java block of the README must appear, line by line (indentation
 * ignored), in this file, and the code here is executed and checked (shapes, equivariance of the whole
 * convolution, forces by autograd, gradients of order 1–2). Edit both together.
 */
class ReadmeSnippetsTest {
    static final Irreps FEATURES = Irreps.parse("4x0e+2x1o");

    /** The README's convolution: positions (N, 3) and node features h (N, 4x0e+2x1o) → Gate output. */
    static Var convolution(Var pos, Var h) {
        Irreps features = Irreps.parse("4x0e+2x1o");            // 4 scalars + 2 vectors: dim 4·1 + 2·3 = 10
        Irreps shIrreps = Irreps.sphericalHarmonics(2, -1);     // 1x0e+1x1o+1x2e, dim 9
        int n = pos.size(0);                                    // atoms; h is (N, 10)
        Init init = Init.of(new Rng(0), DType.F64);             // weights ~ N(0, 1), drawn in the order layers are built

        int[] center = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};    // edge e carries a message neighbor[e] → center[e]
        int[] neighbor = {1, 2, 3, 0, 2, 3, 0, 1, 3, 0, 1, 2};
        Var vec = pos.indexSelect(0, neighbor).sub(pos.indexSelect(0, center));   // (E, 3): r_j − r_i
        Var y = SphericalHarmonics.forward(vec, shIrreps, true);                   // (E, 9): Y(r̂), component norm

        double rMax = 4.0;
        Var r = vec.square().sum(1, false).sqrt();                                 // (E) edge lengths
        BesselBasis basis = new BesselBasis(8, rMax, true, init);                  // trainable w_n = nπ
        Var cutoff = PolynomialCutoff.forward(r, rMax, 6).reshape(-1, 1);          // (E, 1)
        Var emb = basis.forward(r).mul(cutoff);                                    // (E, 8) edge embedding

        Gate gate = new Gate(Irreps.parse("4x0e"), new Activation.ByParity("silu", "tanh"),
                Irreps.parse("4x0e"), new Activation.ByParity("silu", "tanh"), Irreps.parse("2x1o+2x2e"));
        Irreps target = gate.irrepsIn();                        // 8x0e+2x1o+2x2e: what the convolution must produce

        List<MulIrrep> mid = new ArrayList<>();
        List<Instruction> paths = new ArrayList<>();
        for (int i = 0; i < features.size(); i++)
            for (int j = 0; j < shIrreps.size(); j++)
                for (Irrep out : features.get(i).ir().times(shIrreps.get(j).ir()))
                    if (target.count(out) > 0) {                // keep only outputs the gate consumes
                        paths.add(Instruction.of(i, j, mid.size(), "uvu", true));
                        mid.add(new MulIrrep(features.get(i).mul(), out));
                    }
        TensorProduct tp = new TensorProduct(features, shIrreps, Irreps.of(mid), paths,
                TensorProduct.Options.DEFAULT.withSharedWeights(false).withInternalWeights(false));

        FullyConnectedNet radial = new FullyConnectedNet(new int[]{8, 16, tp.weightNumel()}, "silu", init);
        Var w = radial.forward(emb);                            // (E, weight_numel): a weight per path and channel u
        Var msg = tp.forward(h.indexSelect(0, neighbor), y, w); // (E, mid.dim): m_e = TP_uvu(h_j, Y_e; w_e)

        Var agg = msg.indexAdd(0, center, n).mul(1 / Math.sqrt(3.0));   // (N, mid.dim): Σ over the 3 neighbours

        Linear linear = new Linear(Irreps.of(mid), target, init);   // owns its (weight_numel) weight
        return gate.forward(linear.forward(agg));               // (N, 4x0e+2x1o+2x2e) = gate.irrepsOut()
    }

    /** Section 9: the walk of a layer, and Linear on channel-last input equal to the standard form. */
    @Test
    void weightsAndLayouts() {
        List<MulIrrep> mid = List.of(new MulIrrep(3, Irrep.parse("0e")), new MulIrrep(2, Irrep.parse("1o")), new MulIrrep(2, Irrep.parse("2e")));
        Linear linear = new Linear(Irreps.of(mid), Irreps.parse("2x0e+3x1o+1x2e"), Init.of(new Rng(1), DType.F64));
        Var agg = Var.constant(new Rng(2).normal(DType.F64, 5, Irreps.of(mid).dim()));

        List<NamedWeight> walk = NamedWeight.prefixed("linear", linear.weights());   // [linear.weight]
        IrrepsVar x = IrrepsVar.of(agg, Irreps.of(mid));                            // the standard layout [u, m]
        IrrepsVar cl = x.to(IrrepsVar.Layout.IR_MUL);                               // channel-last [m, u], one gather
        Var y = linear.forward(cl, 1.0, IrrepsVar.Layout.MUL_IR).data();            // = linear.forward(agg)

        assertEquals(List.of("linear.weight"), walk.stream().map(NamedWeight::name).toList());
        assertSame(linear.weight(), walk.get(0).var());
        assertTrue(walk.get(0).trainable());
        LayerChecks.close(linear.forward(agg).value().toDoubleArray(), y.value().toDoubleArray(), 1e-14, "Linear on channel-last input");
        assertTrue(TestMat.maxDiff(agg.value().toDoubleArray(), cl.data().value().toDoubleArray()) > 0, "the layouts differ in memory");
    }

    private static Tensor positions() { return new Rng(41).normal(DType.F64, 4, 3).mul(1.5); }

    private static Tensor features() { return new Rng(42).normal(DType.F64, 4, FEATURES.dim()); }

    @Test
    void convolutionShapeAndEquivariance() {
        Var out = convolution(Var.constant(positions()), Var.constant(features()));
        Irreps outIrreps = Irreps.parse("4x0e+2x1o+2x2e");
        assertArrayEquals(new int[]{4, outIrreps.dim()}, out.shape());
        for (int k = 0; k < 2; k++) {
            double[] rot = LayerChecks.rotation(500 + k);
            boolean inv = k == 1;
            Irreps vector = Irreps.parse("1o");
            Tensor pos2 = LayerChecks.act(vector.D(rot, inv), positions()).add(Tensor.of(new double[]{0.3, -0.2, 0.1}, 1, 3));  // + translation
            Tensor h2 = LayerChecks.act(FEATURES.D(rot, inv), features());
            double[] want = LayerChecks.act(outIrreps.D(rot, inv), out.value()).toDoubleArray();
            double[] got = convolution(Var.constant(pos2), Var.constant(h2)).value().toDoubleArray();
            LayerChecks.close(want, got, 1e-10, "convolution equivariance (inversion " + inv + ")");
        }
    }

    @Test
    void forcesByAutograd() {
        Var pos = Var.param(positions());
        Var h = Var.constant(features());
        Var energy = convolution(pos, h).slice(1, 0, 4).sum();          // a toy energy: the invariant outputs
        Var forces = Tape.grad(energy, pos, true).neg();                   // (N, 3): F = −∂E/∂r, still on the tape
        double[] f = forces.value().toDoubleArray();
        for (int c = 0; c < 3; c++) {
            double s = 0;
            for (int a = 0; a < 4; a++) s += f[3 * a + c];
            assertTrue(Math.abs(s) < 1e-12, "translation invariance: Σ F_" + c + " = " + s);
        }
        GradCheck.check(x -> convolution(x[0], x[1]), 2, positions(), features());
    }

    /** Each ```java block of the README, compared as trimmed lines, occurs contiguously in this source. */
    @Test
    void readmeSnippetsAreThisCode() throws IOException {
        Path module = Files.isRegularFile(Path.of("README.md")) ? Path.of("") : Path.of(System.getProperty("jnequip.repoRoot", "."), "e3");
        List<String> readme = Files.readAllLines(module.resolve("README.md"));
        List<String> source = trimmed(Files.readAllLines(module.resolve("src/test/java/org/jnequip/e3/ReadmeSnippetsTest.java")));
        int blocks = 0;
        for (int i = 0; i < readme.size(); i++) {
            if (!readme.get(i).strip().equals("```java")) continue;
            List<String> block = new ArrayList<>();
            int j = i + 1;
            while (!readme.get(j).strip().equals("```")) block.add(readme.get(j++));
            block = trimmed(block);
            assertTrue(!block.isEmpty() && java.util.Collections.indexOfSubList(source, block) >= 0,
                    "README.md line " + (i + 1) + ": java block not found in ReadmeSnippetsTest:\n" + String.join("\n", block));
            blocks++;
            i = j;
        }
        assertTrue(blocks >= 6, "expected the README's java blocks, found " + blocks);
    }

    private static List<String> trimmed(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) if (!l.isBlank()) out.add(l.strip());
        return out;
    }
}
