package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.nequip.Golden;
import org.jnequip.nequip.io.Json;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The blocks {@code linear_1}, {@code linear_2}, {@code fc}, {@code gate} and {@code normalize2mom} of every
 * conv_components*.json (e3nn 0.5.1 / nequip 0.6.2, float64; see shared/golden/README.md): forward output and
 * the vector–Jacobian products of Σ out·cotangent, all to 1e-10. ({@code tensor_product} and
 * {@code self_connection} are tested with the tensor product.)
 */
class ConvComponentsGoldenTest {
    private static final double TOL = 1e-10;

    @Test
    void linear() {
        for (Path file : Golden.files("conv_components*.json")) {
            Map<String, Object> g = Golden.read(file);
            for (String key : List.of("linear_1", "linear_2")) {
                Map<String, Object> b = Json.obj(g.get(key));
                String where = file.getFileName() + " " + key;
                Linear lin = new Linear(Irreps.parse((String) b.get("irreps_in")), Irreps.parse((String) b.get("irreps_out")));
                List<Object> ins = Json.arr(b.get("instructions"));
                assertEquals(ins.size(), lin.instructions().size(), where + ": number of instructions");
                for (int k = 0; k < ins.size(); k++) {
                    Map<String, Object> want = Json.obj(ins.get(k));
                    Linear.Instruction got = lin.instructions().get(k);
                    List<Object> shape = Json.arr(want.get("path_shape"));
                    assertEquals(((Number) want.get("i_in")).intValue(), got.iIn(), where + " instruction " + k + " i_in");
                    assertEquals(((Number) want.get("i_out")).intValue(), got.iOut(), where + " instruction " + k + " i_out");
                    assertEquals(((Number) shape.get(0)).intValue(), got.mulIn(), where + " instruction " + k + " mul_in");
                    assertEquals(((Number) shape.get(1)).intValue(), got.mulOut(), where + " instruction " + k + " mul_out");
                    assertEquals(Json.num(want.get("path_weight")), got.pathWeight(), 1e-15, where + " instruction " + k + " path_weight");
                }
                Tensor w = Golden.tensor(b.get("weight"));
                assertEquals(w.numel(), lin.weightNumel(), where + ": weight numel");
                vjp(where, x -> lin.forward(x[0], x[1]), b, List.of(Golden.tensor(b.get("x")), w),
                        List.of(Golden.tensor(b.get("grad_x")), Golden.tensor(b.get("grad_weight"))));
            }
        }
    }

    @Test
    void fullyConnectedNet() {
        for (Path file : Golden.files("conv_components*.json")) {
            Map<String, Object> b = Json.obj(Golden.read(file).get("fc"));
            String where = file.getFileName() + " fc";
            List<Object> hsJson = Json.arr(b.get("hs"));
            int[] hs = new int[hsJson.size()];
            for (int i = 0; i < hs.length; i++) hs[i] = ((Number) hsJson.get(i)).intValue();
            FullyConnectedNet fc = new FullyConnectedNet(hs, "silu");
            Map<String, Object> ws = Json.obj(b.get("weights")), gws = Json.obj(b.get("grad_weights"));
            List<Tensor> inputs = new ArrayList<>(List.of(Golden.tensor(b.get("x"))));
            List<Tensor> grads = new ArrayList<>(List.of(Golden.tensor(b.get("grad_x"))));
            for (int i = 0; i < fc.numLayers(); i++) {
                inputs.add(Golden.tensor(ws.get("layer" + i + ".weight")));
                grads.add(Golden.tensor(gws.get("layer" + i + ".weight")));
            }
            vjp(where, x -> fc.forward(x[0], List.of(x).subList(1, x.length)), b, inputs, grads);
        }
    }

    @Test
    void gate() {
        for (Path file : Golden.files("conv_components*.json")) {
            Map<String, Object> all = Golden.read(file);
            Map<String, Object> b = Json.obj(all.get("gate"));
            Map<String, Object> cfg = Json.obj(all.get("layer_config"));
            Map<String, Object> ns = Json.obj(cfg.get("nonlinearity_scalars")), ng = Json.obj(cfg.get("nonlinearity_gates"));
            String where = file.getFileName() + " gate";
            Gate gate = new Gate(Irreps.parse((String) b.get("irreps_scalars")), new Activation.ByParity((String) ns.get("e"), (String) ns.get("o")),
                    Irreps.parse((String) b.get("irreps_gates")), new Activation.ByParity((String) ng.get("e"), (String) ng.get("o")),
                    Irreps.parse((String) b.get("irreps_gated")));
            assertEquals(Irreps.parse((String) b.get("irreps_in")), gate.irrepsIn(), where + ": irreps_in");
            assertEquals(Irreps.parse((String) b.get("irreps_out")), gate.irrepsOut(), where + ": irreps_out");
            vjp(where, x -> gate.forward(x[0]), b, List.of(Golden.tensor(b.get("x"))), List.of(Golden.tensor(b.get("grad_x"))));
        }
    }

    @Test
    void normalize2mom() {
        for (Path file : Golden.files("conv_components*.json")) {
            Map<String, Object> b = Json.obj(Golden.read(file).get("normalize2mom"));
            for (var e : b.entrySet()) {
                Map<String, Object> v = Json.obj(e.getValue());
                Activation a = Activation.of(e.getKey());
                boolean identity = (Boolean) v.get("is_identity");
                double want = identity ? 1.0 : Json.num(v.get("cst"));
                assertEquals(want, a.factor(), TOL, file.getFileName() + " normalize2mom " + e.getKey());
                // the activation really applies cst·f: check at a few points against the scalar function
                double[] xs = {-2.5, -0.3, 0.0, 0.7, 3.1};
                double[] got = a.apply(Var.constant(Tensor.of(xs, xs.length))).value().toDoubleArray();
                for (int i = 0; i < xs.length; i++)
                    assertEquals(want * Normalize2Mom.activation(e.getKey()).applyAsDouble(xs[i]), got[i], 1e-14, e.getKey() + "(" + xs[i] + ")");
            }
        }
    }

    /** Forward against {@code out}, then ∂(Σ out·cotangent)/∂input_i against grads[i]. */
    private static void vjp(String where, Function<Var[], Var> f, Map<String, Object> b, List<Tensor> inputs, List<Tensor> grads) {
        Var[] x = new Var[inputs.size()];
        for (int i = 0; i < x.length; i++) x[i] = Var.param(inputs.get(i));
        Var out = f.apply(x);
        double worst = Golden.close(Golden.tensor(b.get("out")), out, TOL, where + " out");
        Var loss = out.mul(Var.constant(Golden.tensor(b.get("cotangent")))).sum();
        Var[] g = Tape.grad(new Var[]{loss}, x, null, false);
        for (int i = 0; i < x.length; i++) worst = Math.max(worst, Golden.close(grads.get(i), g[i], TOL, where + " grad of input " + i));
        System.out.printf("ConvComponentsGoldenTest %s: max abs err %.2e%n", where, worst);
    }
}
