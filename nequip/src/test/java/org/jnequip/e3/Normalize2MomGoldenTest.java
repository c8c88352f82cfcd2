package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jnequip.nequip.Golden;
import org.jnequip.nequip.io.Json;
import org.junit.jupiter.api.Test;

/** e3nn's Monte Carlo normalize2mom constants (field "normalize2mom" of the golden files) to 1e-12. */
class Normalize2MomGoldenTest {
    @Test
    void everyConstantInEveryFile() {
        List<Path> files = new ArrayList<>(Golden.files("conv_components*.json"));
        files.addAll(Golden.files("model_small*.json"));
        int checked = 0;
        for (Path file : files) {
            Object n2m = Golden.read(file).get("normalize2mom");
            if (n2m == null) continue;
            for (var e : Json.obj(n2m).entrySet()) {
                Map<String, Object> v = Json.obj(e.getValue());
                double want = Json.num(v.get("cst")), got = Normalize2Mom.cst(e.getKey());
                assertTrue(Math.abs(want - got) <= 1e-12, file.getFileName() + " " + e.getKey() + ": want " + want + " got " + got);
                assertEquals(v.get("is_identity"), Normalize2Mom.isIdentity(e.getKey()), file.getFileName() + " " + e.getKey());
                checked++;
                System.out.printf("Normalize2MomGoldenTest %s %s: |diff| %.2e%n", file.getFileName(), e.getKey(), Math.abs(want - got));
            }
        }
        assertTrue(checked > 0, "no normalize2mom constants found");
    }
}
