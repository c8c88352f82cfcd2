package org.jnequip.tensor.o3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Complex CG against textbook values and the unitarity of Q_l; real-tensor norm. */
class ClebschGordanTest {
    @Test
    void su2TextbookValues() {
        assertEquals(-1 / Math.sqrt(3), ClebschGordan.su2(1, 0, 1, 0, 0, 0), 1e-15);
        assertEquals(1 / Math.sqrt(6), ClebschGordan.su2(1, 1, 1, -1, 2, 0), 1e-15);
        assertEquals(Math.sqrt(2.0 / 3), ClebschGordan.su2(1, 0, 1, 0, 2, 0), 1e-15);
        assertEquals(1 / Math.sqrt(2), ClebschGordan.su2(1, 1, 1, -1, 1, 0), 1e-15);
        assertEquals(1.0, ClebschGordan.su2(3, 3, 2, 2, 5, 5), 1e-15);
        assertEquals(0.0, ClebschGordan.su2(1, 0, 1, 0, 1, 0), 0.0);           // ⟨1 0 1 0|1 0⟩ = 0
        // ⟨j m, 1 0 | j+1 m⟩ = √((j−m+1)(j+m+1)/((2j+1)(j+1)))
        assertEquals(Math.sqrt(8.0 / 15), ClebschGordan.su2(2, 1, 1, 0, 3, 1), 1e-15);
    }

    @Test
    void completenessOfComplexCg() {
        // Σ_{m1 m2} ⟨l1 m1 l2 m2|L M⟩⟨l1 m1 l2 m2|L' M⟩ with M = m1+m2 is (2L+1)·δ_{LL'}
        int l1 = 4, l2 = 3;
        for (int L = 1; L <= 7; L++)
            for (int L2 = 1; L2 <= 7; L2++) {
                double s = 0;
                for (int m1 = -l1; m1 <= l1; m1++)
                    for (int m2 = -l2; m2 <= l2; m2++) s += ClebschGordan.su2(l1, m1, l2, m2, L, m1 + m2) * ClebschGordan.su2(l1, m1, l2, m2, L2, m1 + m2);
                assertEquals(L == L2 ? 2 * L + 1.0 : 0.0, s, 1e-13, "L=" + L + " L'=" + L2);
            }
    }

    @Test
    void basisIsUnitary() {
        for (int l = 0; l <= 6; l++) {
            double[][] q = ClebschGordan.basis(l);
            int d = 2 * l + 1;
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) {
                    double re = 0, im = 0;   // Σ_i conj(Q[i,a]) Q[i,b]
                    for (int i = 0; i < d; i++) {
                        double ar = q[i][2 * a], ai = -q[i][2 * a + 1], br = q[i][2 * b], bi = q[i][2 * b + 1];
                        re += ar * br - ai * bi;
                        im += ar * bi + ai * br;
                    }
                    assertEquals(a == b ? 1 : 0, re, 1e-15);
                    assertEquals(0, im, 1e-15);
                }
        }
    }

    @Test
    void realTensorHasUnitNormAndRejectsBadTriples() {
        double[] c = ClebschGordan.wigner3j(5, 6, 7);
        double n = 0;
        for (double v : c) n += v * v;
        assertEquals(1.0, n, 1e-14);
        assertThrows(IllegalArgumentException.class, () -> ClebschGordan.wigner3j(1, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> ClebschGordan.wigner3j(-1, 1, 1));
    }
}
