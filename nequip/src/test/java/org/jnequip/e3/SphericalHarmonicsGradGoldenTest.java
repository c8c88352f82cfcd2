package org.jnequip.e3;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.nequip.Golden;
import org.jnequip.nequip.io.Json;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The autograd op {@link SphericalHarmonics#forward} against every spherical_harmonics*.json: per degree l the
 * values and ∂(Σ sh·cotangent)/∂vectors taken through the normalisation, and the concatenation
 * {@code all_l_concat}; tolerance 1e-12.
 */
class SphericalHarmonicsGradGoldenTest {
    private static final double TOL = 1e-12;

    @Test
    void valuesAndGradientsThroughNormalisation() {
        for (Path file : Golden.files("spherical_harmonics*.json")) {
            Map<String, Object> g = Golden.read(file);
            Tensor vectors = Golden.tensor(g.get("vectors"));
            double worst = 0;
            for (var e : Json.obj(g.get("per_l")).entrySet()) {
                int l = Integer.parseInt(e.getKey());
                Map<String, Object> b = Json.obj(e.getValue());
                String where = file.getFileName() + " l=" + l;
                Var v = Var.param(vectors);
                Var y = SphericalHarmonics.forward(v, new int[]{l}, true);
                worst = Math.max(worst, Golden.close(Golden.tensor(b.get("sh")), y, TOL, where + " sh"));
                Var loss = y.mul(Var.constant(Golden.tensor(b.get("cotangent")))).sum();
                Var grad = Tape.grad(loss, v, false);
                worst = Math.max(worst, Golden.close(Golden.tensor(b.get("grad_vectors_of_sum_sh_times_cotangent")), grad, TOL, where + " grad"));
            }
            Map<String, Object> c = Json.obj(g.get("all_l_concat"));
            List<Object> lsJson = Json.arr(c.get("ls"));
            int[] ls = new int[lsJson.size()];
            for (int i = 0; i < ls.length; i++) ls[i] = ((Number) lsJson.get(i)).intValue();
            Var y = SphericalHarmonics.forward(Var.constant(vectors), ls, true);
            worst = Math.max(worst, Golden.close(Golden.tensor(c.get("sh")), y, TOL, file.getFileName() + " all_l_concat"));
            System.out.printf("SphericalHarmonicsGradGoldenTest %s: max abs err %.2e%n", file.getFileName(), worst);
        }
    }
}
