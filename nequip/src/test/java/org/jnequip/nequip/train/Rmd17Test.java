package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class Rmd17Test {
    @Test
    void budgets() {
        assertEquals(90, Rmd17.budgetSeconds("90s"));
        assertEquals(2400, Rmd17.budgetSeconds("40m"));
        assertEquals(7200, Rmd17.budgetSeconds("2h"));
        assertEquals(5400, Rmd17.budgetSeconds("1h30m"));
        assertEquals(12.5, Rmd17.budgetSeconds("12.5"));
        for (String bad : new String[]{"", "m", "40x", "-5m", "0", "5m3"})
            assertThrows(IllegalArgumentException.class, () -> Rmd17.budgetSeconds(bad), bad);
        assertEquals("40m", Rmd17.budgetText(2400));
        assertEquals("2h", Rmd17.budgetText(7200));
        assertEquals("1h30m", Rmd17.budgetText(5400));
        assertEquals("90s", Rmd17.budgetText(90));
    }

    @Test
    void framesAsWritten() {
        String t = "1\nenergy=1 split=train_01\nH 0 0 0\n2\nenergy=2\nH 0 0 0\nH 0 0 1\n";
        Path f = Path.of("x.extxyz");
        assertEquals(java.util.List.of("1\nenergy=1 split=train_01\nH 0 0 0\n", "2\nenergy=2\nH 0 0 0\nH 0 0 1\n"), Rmd17.frames(f, t));
        assertThrows(IllegalArgumentException.class, () -> Rmd17.frames(f, "3\nc\nH 0 0 0\n"));
        assertNull(Rmd17.testSplitReason(f, t));
        assertTrue(Rmd17.testSplitReason(f, t + "1\nsplit=\"test_02\"\nH 0 0 0\n").startsWith("x.extxyz:9: the frame says split=test_02"));
        assertNotNull(Rmd17.testSplitReason(Path.of("/d/rmd17_ethanol_test_01.extxyz"), t));
    }

    @Test
    void defaultDataFile() {
        assertEquals(Path.of("/r/rmd17_uracil_train_01.extxyz"), Rmd17.defaultData("uracil", "/r", Path.of("/w/main")));
        assertEquals(Path.of("/w/shared/data/rmd17/rmd17_uracil_train_01.extxyz"), Rmd17.defaultData("uracil", null, Path.of("/w/main")));
    }

    @Test
    void resultsLine() {
        java.util.Map<String, Double> v = java.util.Map.of("e_mae", 0.000412, "e_rmse", 0.0123, "f_mae", 0.853, "f_rmse", 1.1604);
        assertEquals("ethanol N=50 small budget 40m: 1 epoch (best 1); validation (50 frames) E MAE 0.412 / RMSE 12.3 meV, F MAE 853 / RMSE 1160 meV/Å",
                Rmd17.line("ethanol", 50, 50, "small", 2400, 1, 1, v));
    }
}
