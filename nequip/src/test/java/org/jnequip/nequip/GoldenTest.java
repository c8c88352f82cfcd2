package org.jnequip.nequip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The golden-folder locator finds shared/golden and filters by glob; the comparison helpers fail when they should. */
class GoldenTest {
    @Test
    void findsTheFolderAndMatchesGlobs() {
        Path dir = Golden.dir();
        assertTrue(Files.isRegularFile(dir.resolve("README.md")), dir + " has no README.md");
        List<Path> w = Golden.matching("wigner_3j*.json");
        assertTrue(!w.isEmpty() && w.stream().allMatch(p -> p.getFileName().toString().startsWith("wigner_3j")), w.toString());
        assertEquals(List.of(), Golden.matching("no_such_file_*.json"));
    }

    @Test
    void closeFailsOutsideTheToleranceAndOnNaN() {
        Tensor want = Tensor.of(new double[]{1, 2, 3}, 3);
        assertEquals(1e-3, Golden.close(want, Var.constant(Tensor.of(new double[]{1, 2.001, 3}, 3)), 2e-3, "x"), 1e-12);
        assertThrows(AssertionError.class, () -> Golden.close(want, Var.constant(Tensor.of(new double[]{1, 2.01, 3}, 3)), 2e-3, "x"));
        assertThrows(AssertionError.class, () -> Golden.close(want, Var.constant(Tensor.of(new double[]{1, Double.NaN, 3}, 3)), 2e-3, "x"));
        assertThrows(AssertionError.class, () -> Golden.close(want, Var.constant(Tensor.of(new double[]{1, 2, 3}, 3, 1)), 2e-3, "x"));
    }
}
