package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.jnequip.nequip.Golden;
import org.jnequip.nequip.io.Json;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * e3nn {@code spherical_harmonics(l, x, normalize=True, normalization='component')}: every per-l block and
 * the concatenation, through the CpuBackend kernel (float64, vectors normalised here) and through
 * {@link SphericalHarmonics#all} (normalize=true). Tolerance 1e-12.
 */
class SphericalHarmonicsGoldenTest {
    @Test
    void everyFileEveryVector() {
        for (Path file : Golden.files("spherical_harmonics*.json")) {
            Map<String, Object> g = Golden.read(file);
            double[] raw = Golden.data(g.get("vectors"));
            int n = raw.length / 3;
            double[] unit = raw.clone();
            for (int e = 0; e < n; e++) {
                double r = Math.max(Math.sqrt(raw[3 * e] * raw[3 * e] + raw[3 * e + 1] * raw[3 * e + 1] + raw[3 * e + 2] * raw[3 * e + 2]), 1e-12);
                for (int c = 0; c < 3; c++) unit[3 * e + c] /= r;
            }
            Map<String, Object> perL = Json.obj(g.get("per_l"));
            int lmax = perL.keySet().stream().mapToInt(Integer::parseInt).max().orElseThrow();
            var concat = Json.obj(g.get("all_l_concat"));
            for (Object l : Json.arr(concat.get("ls"))) lmax = Math.max(lmax, ((Number) l).intValue());
            int dim = (lmax + 1) * (lmax + 1);
            double[] viaBackend = Backends.cpu().sphericalHarmonics(Tensor.of(unit, n, 3), lmax).toDoubleArray();
            double[] viaE3 = SphericalHarmonics.all(lmax, raw, true, "component");
            int checked = 0;
            for (var entry : perL.entrySet()) {
                int l = Integer.parseInt(entry.getKey());
                Object sh = Json.obj(entry.getValue()).get("sh");
                assertArrayEquals(new int[]{n, 2 * l + 1}, Golden.shape(sh), file + " l=" + l);
                double[] want = Golden.data(sh);
                for (int e = 0; e < n; e++)
                    for (int m = 0; m < 2 * l + 1; m++) {
                        double w = want[e * (2 * l + 1) + m];
                        check(w, viaBackend[e * dim + l * l + m], file + " backend l=" + l + " row " + e + " m " + m);
                        check(w, viaE3[e * dim + l * l + m], file + " e3 l=" + l + " row " + e + " m " + m);
                        checked++;
                    }
            }
            double[] want = Golden.data(concat.get("sh"));
            int width = want.length / n, col = 0;
            for (Object lo : Json.arr(concat.get("ls"))) {
                int l = ((Number) lo).intValue();
                for (int m = 0; m < 2 * l + 1; m++, col++)
                    for (int e = 0; e < n; e++) check(want[e * width + col], viaBackend[e * dim + l * l + m], file + " concat col " + col + " row " + e);
            }
            assertTrue(col == width && checked > 0, file + ": concat width " + width + ", checked " + col);
            System.out.printf("SphericalHarmonicsGoldenTest %s: %d values, max abs err %.2e%n", file.getFileName(), checked, worst);
        }
    }

    private double worst;

    private void check(double want, double got, String where) {
        worst = Math.max(worst, Math.abs(want - got));
        assertTrue(Math.abs(want - got) <= 1e-12, where + ": want " + want + " got " + got);
    }
}
