package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.nequip.Golden;
import org.jnequip.nequip.io.Json;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * conv_components*.json: the convolution TP (uvu, per-edge weights, instructions as given) and the
 * self-connection FCTP (uvw, shared weights) against e3nn 0.5.1: outputs and the VJPs of Σ out·cotangent
 * to 1e-10. Also rebuilds both instruction lists with e3nn's normalisation and compares the path weights.
 */
class TensorProductGoldenTest {
    private static final double TOL = 1e-10;

    @Test
    void convolutionTensorProduct() {
        for (Path file : Golden.files("conv_components*.json")) {
            Map<String, Object> b = Json.obj(Golden.read(file).get("tensor_product"));
            String where = file.getFileName() + " tensor_product";
            Irreps in1 = Irreps.parse((String) b.get("irreps_in1")), in2 = Irreps.parse((String) b.get("irreps_in2")), out = Irreps.parse((String) b.get("irreps_out"));
            assertEquals("component", b.get("irrep_normalization"), where);
            assertEquals("element", b.get("path_normalization"), where);
            List<Map<String, Object>> raw = instructionsOf(b);
            boolean shared = (Boolean) b.get("shared_weights");
            TensorProduct tp = TensorProduct.withPathWeights(in1, in2, out, instructions(raw, true), shared, (Boolean) b.get("internal_weights"));
            assertEquals(((Number) b.get("weight_numel")).intValue(), tp.weightNumel(), where + " weight_numel");
            checkPathShapes(tp, raw, where);
            // e3nn's normalisation from the bare instructions reproduces the golden path weights
            TensorProduct norm = new TensorProduct(in1, in2, out, instructions(raw, false), TensorProduct.Options.DEFAULT.withSharedWeights(shared));
            checkPathWeights(norm, raw, where);

            Var x1 = param(b.get("x1")), x2 = param(b.get("x2")), w = param(b.get("weight"));
            Var o = tp.forward(x1, x2, w);
            close(b.get("out"), o, where + " out");
            Var[] g = Tape.grad(new Var[]{o}, new Var[]{x1, x2, w}, new Var[]{Var.constant(Golden.tensor(b.get("cotangent")))}, false);
            close(b.get("grad_x1"), g[0], where + " grad_x1");
            close(b.get("grad_x2"), g[1], where + " grad_x2");
            close(b.get("grad_weight"), g[2], where + " grad_weight");
            close(b.get("out"), norm.forward(x1.detach(), x2.detach(), w.detach()), where + " out (normalised build)");
        }
    }

    @Test
    void selfConnectionFullyConnectedTensorProduct() {
        for (Path file : Golden.files("conv_components*.json")) {
            Map<String, Object> b = Json.obj(Golden.read(file).get("self_connection"));
            String where = file.getFileName() + " self_connection";
            Irreps in1 = Irreps.parse((String) b.get("irreps_in1")), in2 = Irreps.parse((String) b.get("irreps_in2")), out = Irreps.parse((String) b.get("irreps_out"));
            List<Map<String, Object>> raw = instructionsOf(b);
            FullyConnectedTensorProduct tp = new FullyConnectedTensorProduct(in1, in2, out);
            assertEquals(raw.size(), tp.instructions().size(), where + " number of instructions");
            for (int n = 0; n < raw.size(); n++) {
                Instruction i = tp.instructions().get(n);
                Map<String, Object> r = raw.get(n);
                assertArrayEquals(new int[]{num(r, "i_in1"), num(r, "i_in2"), num(r, "i_out")}, new int[]{i.iIn1(), i.iIn2(), i.iOut()}, where + " instruction " + n);
                assertEquals(Instruction.mode((String) r.get("connection_mode")), i.connectionMode(), where + " instruction " + n);
            }
            checkPathShapes(tp, raw, where);
            checkPathWeights(tp, raw, where);
            assertTrue(tp.sharedWeights() && tp.internalWeights(), where + ": e3nn default is shared internal weights");

            Var x = param(b.get("x")), attrs = Var.constant(Golden.tensor(b.get("node_attrs_one_hot"))), w = param(b.get("weight"));
            tp.setWeight(w);
            Var o = tp.forward(x, attrs);
            close(b.get("out"), o, where + " out");
            Var[] g = Tape.grad(new Var[]{o}, new Var[]{x, w}, new Var[]{Var.constant(Golden.tensor(b.get("cotangent")))}, false);
            close(b.get("grad_x"), g[0], where + " grad_x");
            close(b.get("grad_weight"), g[1], where + " grad_weight");
        }
    }

    private static List<Map<String, Object>> instructionsOf(Map<String, Object> block) {
        List<Map<String, Object>> l = new ArrayList<>();
        for (Object o : Json.arr(block.get("instructions"))) l.add(Json.obj(o));
        assertTrue(!l.isEmpty(), "no instructions");
        return l;
    }

    /** withWeights: the golden (final) path weights; otherwise e3nn's default user weight 1. */
    private static List<Instruction> instructions(List<Map<String, Object>> raw, boolean withWeights) {
        List<Instruction> l = new ArrayList<>();
        for (Map<String, Object> r : raw)
            l.add(new Instruction(num(r, "i_in1"), num(r, "i_in2"), num(r, "i_out"), Instruction.mode((String) r.get("connection_mode")),
                    (Boolean) r.get("has_weight"), withWeights ? Json.num(r.get("path_weight")) : 1.0));
        return l;
    }

    private static void checkPathShapes(TensorProduct tp, List<Map<String, Object>> raw, String where) {
        for (int n = 0; n < raw.size(); n++) {
            List<Object> s = Json.arr(raw.get(n).get("path_shape"));
            int[] want = s.stream().mapToInt(v -> ((Number) v).intValue()).toArray();
            assertArrayEquals(want, tp.pathShape(n), where + " path_shape of instruction " + n);
        }
    }

    private static void checkPathWeights(TensorProduct tp, List<Map<String, Object>> raw, String where) {
        for (int n = 0; n < raw.size(); n++)
            assertEquals(Json.num(raw.get(n).get("path_weight")), tp.instructions().get(n).pathWeight(), 1e-14, where + " path_weight of instruction " + n);
    }

    private static int num(Map<String, Object> r, String k) { return ((Number) r.get(k)).intValue(); }

    private static Var param(Object array) { return Var.param(Golden.tensor(array)); }

    private static void close(Object want, Var got, String where) {
        Tensor w = Golden.tensor(want);
        assertArrayEquals(w.shape(), got.shape(), where + " shape");
        double err = Golden.maxDiff(w.toDoubleArray(), got.value().toDoubleArray());
        assertTrue(err <= TOL, where + ": max abs err " + err);
        System.out.printf("TensorProductGoldenTest %s: max abs err %.2e%n", where, err);
    }
}
