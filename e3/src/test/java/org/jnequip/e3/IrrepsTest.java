package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Irrep / MulIrrep / Irreps: parse, print, order, products, simplify, sort, slices, errors (nequip-spec §0). */
class IrrepsTest {
    @Test
    void irrepParseOrderAndProduct() {
        assertEquals(new Irrep(1, -1), Irrep.parse("1o"));
        assertEquals(new Irrep(2, 1), Irrep.parse(" 2e "));
        assertEquals(new Irrep(3, -1), Irrep.parse("3y"));
        assertEquals(new Irrep(4, 1), Irrep.parse("4y"));
        assertEquals("11o", new Irrep(11, -1).toString());
        assertEquals(5, Irrep.parse("2o").dim());
        List<Irrep> sorted = new java.util.ArrayList<>(List.of(Irrep.parse("1e"), Irrep.parse("0e"), Irrep.parse("1o"), Irrep.parse("0o"), Irrep.parse("2o")));
        java.util.Collections.sort(sorted);
        assertEquals("[0o, 0e, 1o, 1e, 2o]", sorted.toString());
        assertEquals(List.of(Irrep.parse("1e"), Irrep.parse("2e"), Irrep.parse("3e")), Irrep.parse("1o").times(Irrep.parse("2o")));
        assertEquals(List.of(Irrep.parse("2o")), Irrep.parse("0e").times(Irrep.parse("2o")));
        assertThrows(IllegalArgumentException.class, () -> new Irrep(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Irrep(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Irrep.parse("1q"));
        assertThrows(IllegalArgumentException.class, () -> Irrep.parse("e"));
    }

    @Test
    void parsePrintAndSizes() {
        Irreps x = Irreps.parse(" 32x0e + 16x1o+2e ");
        assertEquals("32x0e+16x1o+1x2e", x.toString());
        assertEquals(Irreps.parse("32x0e+16x1o+1x2e"), x);
        assertEquals(x.hashCode(), Irreps.parse("32x0e+16x1o+1x2e").hashCode());
        assertEquals(32 + 48 + 5, x.dim());
        assertEquals(49, x.numIrreps());
        assertEquals(3, x.size());
        assertEquals(new MulIrrep(16, Irrep.parse("1o")), x.get(1));
        assertEquals(32, x.offset(1));
        assertEquals(80, x.offset(2));
        assertEquals(List.of(new Irreps.Slice(0, 32), new Irreps.Slice(32, 80), new Irreps.Slice(80, 85)), x.slices());
        assertEquals(2, x.lmax());
        assertEquals(16, Irreps.parse("4x1o+2x0e+12x1o").count(Irrep.parse("1o")));
        assertEquals(0, x.count(Irrep.parse("1e")));
        assertEquals("", Irreps.parse("").toString());
        assertEquals(0, Irreps.parse("  ").dim());
        assertEquals("0x1o", Irreps.parse("0x1o").toString());
        assertArrayEquals(new int[]{0, 0, 1, 1, 1}, Irreps.parse("2x0e+3x1o").ls());
        assertEquals(Irreps.parse("1x0e+1x1o+1x2e+1x3o"), Irreps.sphericalHarmonics(3, -1));
        assertEquals(Irreps.parse("0e+1e+2e"), Irreps.sphericalHarmonics(2, 1));
        assertEquals(Irreps.parse("2x0e+1o+3x0e"), Irreps.parse("2x0e+1o").concat(Irreps.parse("3x0e")));
        assertNotEquals(Irreps.parse("1o+0e"), Irreps.parse("0e+1o"));
    }

    @Test
    void parseErrorsNamePosition() {
        var e = assertThrows(IllegalArgumentException.class, () -> Irreps.parse("4x0e+4x1q"));
        assertTrue(e.getMessage().startsWith("Irreps.parse: bad irrep at position 7 in \"4x0e+4x1q\": "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Irreps.parse("4x0e+ax1o"));
        assertTrue(e.getMessage().startsWith("Irreps.parse: bad multiplicity at position 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Irreps.parse("4x0e++1o"));
        assertTrue(e.getMessage().contains("empty term at position 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Irreps.parse("4x0e+"));
        assertTrue(e.getMessage().contains("empty term at position 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Irreps.parse("-1x0e"));
        assertThrows(IllegalArgumentException.class, () -> Irreps.parse("4x"));
        assertThrows(IllegalStateException.class, () -> Irreps.empty().lmax());
    }

    @Test
    void simplifyMergesAdjacentOnly() {
        assertEquals("3x0e+1x1o+1x0e", Irreps.parse("1x0e+2x0e+1o+0x2e+0e").simplify().toString());
        assertEquals("1x1o", Irreps.parse("0x0e+1o+0x0e").simplify().toString());
        assertEquals(Irreps.parse("2x1o"), Irreps.parse("1o+0x0e+1o").simplify());
    }

    @Test
    void sortIsStableWithPermutations() {
        Irreps x = Irreps.parse("1x1o+2x0e+3x1o+4x0o+5x0e");
        Irreps.Sorted s = x.sort();
        assertEquals("4x0o+2x0e+5x0e+1x1o+3x1o", s.irreps().toString());
        assertArrayEquals(new int[]{3, 1, 4, 0, 2}, s.p());     // p[old] = new
        for (int old = 0; old < x.size(); old++) {
            assertEquals(x.get(old), s.irreps().get(s.p()[old]));
            assertEquals(old, s.inv()[s.p()[old]]);
        }
        assertEquals("4x0o+7x0e+4x1o", x.regroup().toString());
        Irreps.Sorted t = Irreps.parse("1o+1e+0e").sort();   // p and inv differ here
        assertArrayEquals(new int[]{1, 2, 0}, t.p());
        assertArrayEquals(new int[]{2, 0, 1}, t.inv());
    }
}
