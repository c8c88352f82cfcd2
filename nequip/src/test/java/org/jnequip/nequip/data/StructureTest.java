package org.jnequip.nequip.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Structure validation, helpers and immutability; element table. */
class StructureTest {
    static final double[] CELL = {4, 0, 0, 1, 5, 0, 0.5, -1, 6};

    @Test
    void validationNamesTheField() {
        String[][] cases = {
            {"positions", "x"}, {"atomicNumbers", "z"}, {"forces", "f"}, {"stress", "s"}, {"energy", "e"}, {"pbc", "p"}, {"cell", "c"}};
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> make(c[1]));
            assertTrue(e.getMessage().contains("'" + c[0] + "'"), e.getMessage());
        }
    }

    private static Structure make(String what) {
        double[] pos = {0, 0, 0, 1, 1, 1};
        int[] z = {1, 8};
        double[] f = {0, 0, 0, 0, 0, 0};
        switch (what) {
            case "x" -> pos = new double[] {0, 0, 0, 1, 1};
            case "z" -> z = new int[] {1, 0};
            case "f" -> f[4] = Double.NaN;
            case "s" -> { return new Structure(pos, z, CELL, new boolean[] {true, true, true}, 1.0, f, new double[] {1, 2, 3}, null); }
            case "e" -> { return new Structure(pos, z, null, null, Double.POSITIVE_INFINITY, f, null, null); }
            case "p" -> { return new Structure(pos, z, null, new boolean[] {true, false, false}, null, null, null, null); }
            case "c" -> { return new Structure(pos, z, new double[] {0, 0, 0, 0, 1, 0, 0, 0, 1}, new boolean[] {true, false, false}, null, null, null, null); }
            default -> throw new AssertionError();
        }
        return new Structure(pos, z, null, null, null, f, null, null);
    }

    @Test
    void helpersAndImmutability() {
        double[] pos = {0, 0, 0, 1, 0, 0, 0, 1, 0};
        int[] z = {6, 1, 8};
        Structure s = Structure.periodic(z, pos, CELL);
        pos[0] = 99;
        z[0] = 2;
        assertEquals(0.0, s.position(0, 0));
        assertEquals(6, s.atomicNumber(0));
        s.positions()[1] = 5;
        assertEquals(0.0, s.position(0, 1));
        assertEquals(120.0, s.volume(), 1e-12);            // det of the triclinic cell = 4·5·6
        assertArrayEquals(new String[] {"C", "H", "O"}, s.symbols());
        assertEquals("CHO", s.formula());
        assertEquals("C2H6O", Structure.molecule(new int[] {6, 6, 8, 1, 1, 1, 1, 1, 1}, new double[27]).formula());
        assertEquals("ClNa", Structure.molecule(new int[] {11, 17}, new double[6]).formula());
        assertTrue(s.isPeriodic() && s.hasCell());
        Structure m = Structure.molecule(new int[] {1}, new double[3]);
        assertFalse(m.isPeriodic() || m.hasCell());
        assertEquals(0.0, m.volume());
        Structure moved = s.withPositions(new double[9]).withEnergy(-1.0).withInfo(Map.of("a", 1L));
        assertEquals(-1.0, moved.energy());
        assertEquals(1L, moved.info().get("a"));
        assertNotEquals(s, moved);
        assertEquals(s, moved.withPositions(s.positions()).withEnergy(null).withInfo(null));
        assertThrows(UnsupportedOperationException.class, () -> moved.info().put("b", 2L));
    }

    @Test
    void elements() {
        for (int z = 1; z <= Elements.MAX_Z; z++) {
            assertEquals(z, Elements.atomicNumber(Elements.symbol(z)));
            assertTrue(Elements.mass(z) > 0);
        }
        assertEquals(1.008, Elements.mass(1));
        assertEquals(12.011, Elements.mass(6));
        assertEquals(15.999, Elements.mass(8));
        assertEquals(55.845, Elements.mass(26));
        assertEquals(196.966569, Elements.mass(79));
        assertEquals(238.02891, Elements.mass(92));
        assertEquals("Og", Elements.symbol(118));
        assertEquals(94, Elements.atomicNumber("Pu"));
        for (int z = 2; z <= 94; z++)   // standard weights roughly follow Z (a loose check catching shifted rows)
            assertTrue(Elements.mass(z) > 1.9 * z && Elements.mass(z) < 2.7 * z, Elements.symbol(z));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Elements.atomicNumber("Xx"));
        assertTrue(e.getMessage().contains("'Xx'"));
        assertThrows(IllegalArgumentException.class, () -> Elements.atomicNumber("CL"));
        assertThrows(IllegalArgumentException.class, () -> Elements.symbol(0));
    }

    @Test
    void kcalPerMolConstant() {
        // 4184 J / (N_A e) with SI-2019 exact constants; Faraday constant 96485.33212331... C/mol
        assertEquals(4184.0 / 96485.33212331001, Units.KCAL_PER_MOL_IN_EV, 1e-17);
        assertEquals(0.0433641042418009, Units.KCAL_PER_MOL_IN_EV, 1e-16);
        assertEquals(1.0, Units.energyToEv("eV"));
        assertEquals(Units.KCAL_PER_MOL_IN_EV, Units.energyToEv("kcal/mol"));
        assertThrows(IllegalArgumentException.class, () -> Units.energyToEv("kJ"));
    }
}
