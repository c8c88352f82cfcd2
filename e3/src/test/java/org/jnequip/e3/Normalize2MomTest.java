package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** normalize2mom: the MT19937 stream, the analytic integrals, the identity rule, names. */
class Normalize2MomTest {
    @Test
    void mersenneTwisterSeedZeroStream() {
        TorchRandn.Mt19937 mt = new TorchRandn.Mt19937(0);
        long[] want = {2357136044L, 2546248239L, 3071714933L, 3626093760L};
        for (long w : want) assertEquals(w, Integer.toUnsignedLong(mt.next()));
    }

    @Test
    void randnTailIsRedrawn() {
        double[] a = TorchRandn.randn(32, 0), b = TorchRandn.randn(40, 0);
        for (int i = 0; i < 16; i++) assertEquals(a[i], b[i], 0.0);       // first full block identical
        assertFalse(a[20] == b[20] && a[30] == b[30]);                     // later ones differ (tail recomputed)
        double[] c = TorchRandn.randn(48, 0);
        for (int i = 0; i < 32; i++) assertEquals(a[i], c[i], 0.0);       // blocks only depend on their uniforms
    }

    @Test
    void analyticValuesFromSpec() {
        assertEquals(1.6765324703, Normalize2Mom.analytic("silu"), 1e-9);
        assertEquals(1.8755962561, Normalize2Mom.analytic("ssp"), 1e-9);
        assertEquals(1.5925374197, Normalize2Mom.analytic("tanh"), 1e-9);
        assertEquals(1.8462285453, Normalize2Mom.analytic("sigmoid"), 1e-9);
        assertEquals(1.0, Normalize2Mom.analytic("abs"), 1e-12);
        assertEquals(Math.sqrt(2), Normalize2Mom.analytic("relu"), 1e-12);
    }

    @Test
    void monteCarloValuesAndIdentityRule() {
        assertEquals(1.8467055342, Normalize2Mom.cst("sigmoid"), 1e-10);   // nequip-spec §4 table (not a golden file)
        assertEquals(1.4163393446, Normalize2Mom.cst("relu"), 1e-10);
        for (String n : new String[]{"silu", "ssp", "tanh", "sigmoid", "abs", "relu"}) {
            assertTrue(Math.abs(Normalize2Mom.cst(n) - Normalize2Mom.analytic(n)) < 5e-3, n);   // MC noise scale
            assertFalse(Normalize2Mom.isIdentity(n), n);
            assertEquals(Normalize2Mom.cst(n), Normalize2Mom.factor(n));
        }
        assertEquals(Normalize2Mom.cst("silu"), Normalize2Mom.cst("SiLU"));
        var e = assertThrows(IllegalArgumentException.class, () -> Normalize2Mom.cst("gelu"));
        assertTrue(e.getMessage().contains("gelu"));
    }
}
