package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.jnequip.nequip.Golden;
import org.jnequip.nequip.io.Json;
import org.junit.jupiter.api.Test;

/** Every {@code o3.wigner_3j(l1, l2, l3)} entry of the golden files to 1e-12. */
class Wigner3jGoldenTest {
    @Test
    void everyEntry() {
        for (Path file : Golden.files("wigner_3j*.json")) {
            int count = 0;
            double worst = 0;
            for (Object o : Json.arr(Golden.read(file).get("entries"))) {
                Map<String, Object> e = Json.obj(o);
                int l1 = ((Number) e.get("l1")).intValue(), l2 = ((Number) e.get("l2")).intValue(), l3 = ((Number) e.get("l3")).intValue();
                String where = file.getFileName() + " (" + l1 + "," + l2 + "," + l3 + ")";
                assertArrayEquals(new int[]{2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1}, Golden.shape(e.get("w3j")), where);
                double[] want = Golden.data(e.get("w3j")), got = Wigner3j.get(l1, l2, l3);
                double err = Golden.maxDiff(want, got);
                assertTrue(err <= 1e-12, where + ": max abs err " + err);
                worst = Math.max(worst, err);
                count++;
            }
            assertTrue(count > 0, file + " has no entries");
            System.out.printf("Wigner3jGoldenTest %s: %d entries, max abs err %.2e%n", file.getFileName(), count, worst);
        }
    }
}
