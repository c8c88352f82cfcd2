package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The Java snippets of e3/README.md, verbatim, run as tests; {@link #everyReadmeSnippetIsInThisTest} checks
 * that every ```java block of the README occurs in this file (whitespace-normalised), so the tutorial cannot
 * drift from code that compiles and passes. The second test is one program: the README's steps 2–9 in order.
 */
class ReadmeSnippetsTest {
    @Test
    void irrepsAndLayout() {
        Irreps irreps = Irreps.parse("4x0e+2x1o+1x2e");
        assertEquals(4 * 1 + 2 * 3 + 1 * 5, irreps.dim());       // 15 columns per row
        assertEquals(4, irreps.offset(1));                        // the 2x1o block starts at column 4
        // block i, copy u, component m sits at column offset(i) + u·(2l+1) + m: copy 1 of 1o is columns 7, 8, 9
        double[] rot = Rotations.random(new Rng(7));              // a random rotation R (3×3, row-major)
        double[] d = irreps.D(rot, true);                         // (15, 15): R followed by inversion
        assertEquals(1.0, d[0], 0.0);                             // 0e: invariant
        assertEquals(-rot[3 * 2 + 1], d[9 * 15 + 8], 1e-12);      // 1o: D = −R, rows/columns are (x, y, z)
    }

    @Test
    void convolutionStepByStep() {
        // ---- step 2: the graph
        int n = 5;
        double rMax = 2.2;
        Var pos = Var.param(Tensor.of(new double[]{
                0.0, 0.0, 0.0,   1.2, 0.3, -0.2,   -0.3, 1.1, 0.6,   0.4, -0.8, 1.0,   1.5, 1.4, 0.9}, n, 3));   // (N, 3)
        List<int[]> pairs = new ArrayList<>();                    // edges (centre i, neighbour j), |r_j − r_i| < rMax
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int a = 0; a < 3; a++) s += Math.pow(pos.value().get(j, a) - pos.value().get(i, a), 2);
                if (i != j && s < rMax * rMax) pairs.add(new int[]{i, j});
            }
        int[] center = pairs.stream().mapToInt(e -> e[0]).toArray();
        int[] neighbor = pairs.stream().mapToInt(e -> e[1]).toArray();
        Var vec = pos.indexSelect(0, neighbor).sub(pos.indexSelect(0, center));   // (E, 3): r_j − r_i
        assertEquals(16, center.length);                         // 20 ordered pairs, 4 beyond rMax

        // ---- step 2: spherical harmonics
        Irreps shIrreps = Irreps.sphericalHarmonics(2, -1);                 // 1x0e+1x1o+1x2e
        Var sh = SphericalHarmonics.forward(vec, shIrreps, true);           // (E, 9)
        double x = vec.value().get(0, 0), y = vec.value().get(0, 1), z = vec.value().get(0, 2);
        double r2 = x * x + y * y + z * z;
        assertEquals(1.0, sh.value().get(0, 0), 1e-15);                                         // Y^0 = 1
        assertEquals(Math.sqrt(3) * y / Math.sqrt(r2), sh.value().get(0, 2), 1e-14);           // Y^1 = √3 (x, y, z)/r
        assertEquals(Math.sqrt(5) * (y * y - (x * x + z * z) / 2) / r2, sh.value().get(0, 6), 1e-14);   // zonal about y
        double norm2 = 0;
        for (int m = 4; m < 9; m++) norm2 += Math.pow(sh.value().get(0, m), 2);
        assertEquals(5.0, norm2, 1e-12);                                                        // |Y^2|² = 2l+1

        // ---- step 3: radial basis
        Var len = vec.square().sum(1, false).sqrt();                         // (E)
        Var besselW = Var.param(BesselBasis.initialWeights(8, DType.F64));   // (8): w_n = nπ, trainable
        Var emb = BesselBasis.forward(len, besselW, rMax)                    // (E, 8)
                .mul(PolynomialCutoff.forward(len, rMax, 6).unsqueeze(1));  // × u(r/rMax), p = 6
        double r0 = len.value().get(0), x0 = r0 / rMax;
        double u0 = 1 - 28 * Math.pow(x0, 6) + 48 * Math.pow(x0, 7) - 21 * Math.pow(x0, 8);
        assertEquals(2 / rMax * Math.sin(3 * Math.PI * x0) / r0 * u0, emb.value().get(0, 2), 1e-14);   // n = 3

        // ---- step 4: the uvu tensor product
        Irreps hIrreps = Irreps.parse("4x0e+2x1o");                         // node features
        Irreps target = Irreps.parse("7x0e+2x1o+1x2e");                     // what the gate of step 7 consumes
        List<MulIrrep> mid = new ArrayList<>();
        List<Instruction> paths = new ArrayList<>();
        for (int i = 0; i < hIrreps.size(); i++)
            for (int j = 0; j < shIrreps.size(); j++)
                for (Irrep out : hIrreps.get(i).ir().times(shIrreps.get(j).ir()))
                    if (target.count(out) > 0) {
                        paths.add(Instruction.of(i, j, mid.size(), "uvu", true));
                        mid.add(new MulIrrep(hIrreps.get(i).mul(), out));
                    }
        TensorProduct tp = new TensorProduct(hIrreps, shIrreps, Irreps.of(mid), paths,
                TensorProduct.Options.DEFAULT.withSharedWeights(false).withInternalWeights(false));
        assertEquals(Irreps.parse("4x0e+4x1o+4x2e+2x1o+2x0e+2x2e+2x1o"), tp.irrepsOut());
        assertEquals(4 + 4 + 4 + 2 + 2 + 2 + 2, tp.weightNumel());        // one weight per path and channel u

        // ---- step 4: radial MLP and the messages
        Rng rng = new Rng(0);
        FullyConnectedNet radial = new FullyConnectedNet(new int[]{8, 16, tp.weightNumel()}, "silu");
        List<Var> radialW = List.of(Var.param(rng.normal(DType.F64, 8, 16)), Var.param(rng.normal(DType.F64, 16, tp.weightNumel())));
        Var w = radial.forward(emb, radialW);                               // (E, 20): weights per edge
        Var h = Var.constant(rng.normal(DType.F64, n, hIrreps.dim()));      // (N, 10) node features
        Var msg = tp.forward(h.indexSelect(0, neighbor), sh, w);            // (E, 54)
        // path 4 is 2x1o ⊗ 1o → 0e; its channel u = 1 on edge 0, by the formula:
        double[] cg = Wigner3j.get(1, 1, 0);                                // (3, 3, 1)
        double want = 0;
        for (int m1 = 0; m1 < 3; m1++)
            for (int m2 = 0; m2 < 3; m2++)
                want += cg[m1 * 3 + m2] * h.value().get(neighbor[0], 4 + 3 + m1) * sh.value().get(0, 1 + m2);
        want *= Math.sqrt(2 * 0 + 1) * w.value().get(0, tp.weightOffset(4) + 1);
        assertEquals(want, msg.value().get(0, tp.irrepsOut().offset(4) + 1), 1e-12);

        // ---- step 5: scatter-sum over neighbours
        double avgNumNeighbors = (double) center.length / n;
        Var agg = msg.indexAdd(0, center, n).mul(1 / Math.sqrt(avgNumNeighbors));   // (N, 54)
        double sum = 0;
        for (int e = 0; e < center.length; e++) if (center[e] == 2) sum += msg.value().get(e, 0);
        assertEquals(sum / Math.sqrt(avgNumNeighbors), agg.value().get(2, 0), 1e-12);

        // ---- step 6: Linear
        Linear linear = new Linear(tp.irrepsOut(), target);
        Var linW = Var.param(rng.normal(DType.F64, linear.weightNumel()));
        Var pre = linear.forward(agg, linW);                                // (N, 18)
        assertEquals((4 + 2) * 7 + (4 + 2 + 2) * 2 + (4 + 2) * 1, linear.weightNumel());

        // ---- step 7: Gate
        Gate gate = new Gate(Irreps.parse("4x0e"), List.of("silu"), Irreps.parse("3x0e"), List.of("sigmoid"),
                Irreps.parse("2x1o+1x2e"));
        assertEquals(target, gate.irrepsIn());                              // 4 scalars + 3 gates, then the gated
        Var out = gate.forward(pre);                                        // (N, 15)
        assertEquals(Irreps.parse("4x0e+2x1o+1x2e"), gate.irrepsOut());
        assertArrayEquals(new int[]{n, 15}, out.shape());

        // ---- step 8: equivariance of the whole layer
        BiFunction<Var, Var, Var> layer = (p, hf) -> {
            Var v = p.indexSelect(0, neighbor).sub(p.indexSelect(0, center));
            Var r = v.square().sum(1, false).sqrt();
            Var b = BesselBasis.forward(r, besselW, rMax).mul(PolynomialCutoff.forward(r, rMax, 6).unsqueeze(1));
            Var m = tp.forward(hf.indexSelect(0, neighbor), SphericalHarmonics.forward(v, shIrreps, true), radial.forward(b, radialW));
            return gate.forward(linear.forward(m.indexAdd(0, center, n).mul(1 / Math.sqrt(avgNumNeighbors)), linW));
        };
        double[] rot = Rotations.random(new Rng(3));
        Tensor q = Tensor.of(Irreps.parse("1o").D(rot, true), 3, 3);                   // Q = −R
        Tensor dh = Tensor.of(hIrreps.D(rot, true), 10, 10), dOut = Tensor.of(gate.irrepsOut().D(rot, true), 15, 15);
        Tensor lhs = layer.apply(Var.constant(pos.value().matmul(q, false, true)), Var.constant(h.value().matmul(dh, false, true))).value();
        Tensor rhs = layer.apply(pos, h).value().matmul(dOut, false, true);
        assertTrue(lhs.sub(rhs).abs().max(1, false).max(0, false).item() < 1e-12);
        assertTrue(rhs.abs().max(1, false).max(0, false).item() > 0.1);                 // not trivially zero

        // ---- step 9: energy and forces
        Linear readout = new Linear(gate.irrepsOut(), Irreps.parse("1x0e"));           // per-atom energy
        Var readW = Var.param(rng.normal(DType.F64, readout.weightNumel()));
        BiFunction<Var, Var, Var> energy = (p, rw) -> readout.forward(layer.apply(p, h), rw).sum();
        Var forces = Tape.grad(energy.apply(pos, readW), pos, true).neg();             // (N, 3), F = −∂E/∂r
        assertEquals(0.0, forces.value().sum(0, false).abs().sum().item(), 1e-12);      // Σ_i F_i = 0
        double[] step = new double[3 * n];
        step[0] = 1e-6;                                                                // move atom 0 along x
        Tensor dr = Tensor.of(step, n, 3);
        double fd = (energy.apply(Var.constant(pos.value().add(dr)), readW).item()
                - energy.apply(Var.constant(pos.value().sub(dr)), readW).item()) / 2e-6;
        assertEquals(-fd, forces.value().get(0, 0), 1e-7);

        // ---- step 9: training on forces (double backward)
        Function<Var, Var> forceLoss = rw -> Tape.grad(energy.apply(pos, rw), pos, true).square().sum();   // Σ|F|²
        Var grad = Tape.grad(forceLoss.apply(readW), readW, false);                    // ∂(Σ|F|²)/∂readW
        double[] dw = new double[readout.weightNumel()];
        dw[1] = 1e-6;
        double fdw = (forceLoss.apply(Var.param(readW.value().add(Tensor.of(dw, dw.length)))).item()
                - forceLoss.apply(Var.param(readW.value().sub(Tensor.of(dw, dw.length)))).item()) / 2e-6;
        assertEquals(fdw, grad.value().get(1), 1e-6 * (1 + Math.abs(fdw)));
    }

    // ------------------------------------------------------------------ README ⊆ this file
    @Test
    void everyReadmeSnippetIsInThisTest() throws IOException {
        String readme = Files.readString(locate("e3/README.md", "README.md"));
        String source = normalise(Files.readString(locate("e3/src/test/java/org/jnequip/e3/ReadmeSnippetsTest.java",
                "src/test/java/org/jnequip/e3/ReadmeSnippetsTest.java")));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        int blocks = 0;
        while (m.find()) {
            String block = normalise(m.group(1));
            assertTrue(!block.isEmpty(), "empty java block in e3/README.md");
            int line = readme.substring(0, m.start()).split("\n", -1).length;
            assertTrue(source.contains(block), "e3/README.md line " + line + ": java block not found verbatim in ReadmeSnippetsTest:\n" + m.group(1));
            blocks++;
        }
        assertTrue(blocks >= 10, "expected the README's ≥ 10 java blocks, found " + blocks);
    }

    private static String normalise(String s) { return s.strip().replaceAll("\\s+", " "); }

    /** The file under the reactor root (surefire's jnequip.repoRoot), else relative to the module directory. */
    private static Path locate(String fromRoot, String fromModule) {
        String root = System.getProperty("jnequip.repoRoot");
        if (root != null && Files.isRegularFile(Path.of(root, fromRoot))) return Path.of(root, fromRoot);
        if (Files.isRegularFile(Path.of(fromModule))) return Path.of(fromModule);
        throw new AssertionError("cannot find " + fromRoot + " (jnequip.repoRoot=" + root + ", cwd=" + Path.of("").toAbsolutePath() + ")");
    }
}
