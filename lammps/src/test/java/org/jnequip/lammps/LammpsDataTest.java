package org.jnequip.lammps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jnequip.nequip.data.Structure;
import org.junit.jupiter.api.Test;

/** The data-file writer: box and tilts from the cell, types in species order, exact numbers, refusals. */
class LammpsDataTest {
    @Test
    void writesATriclinicCellAsBoundsAndTilts() {
        Structure s = Structure.periodic(new int[]{8, 1}, new double[]{0.1, 0.2, 0.3, 1.0 / 3, 2, 3}, new double[]{5, 0, 0, 1.25, 6, 0, -0.5, 0.75, 7});
        String d = LammpsData.format(s, List.of("H", "O"), new double[]{1, 2, 3, 4, 5, 6}, 0, "t");
        assertTrue(d.contains("\n2 atoms\n2 atom types\n\n0.0 5.0 xlo xhi\n0.0 6.0 ylo yhi\n0.0 7.0 zlo zhi\n1.25 -0.5 0.75 xy xz yz\n"), d);
        assertTrue(d.contains("\nMasses\n\n1 1.008\n2 15.999\n"), d);
        assertTrue(d.contains("\n1 2 0.1 0.2 0.3\n2 1 0.3333333333333333 2.0 3.0\n"), "O is type 2, H type 1; shortest exact decimals: " + d);
        assertTrue(d.endsWith("\nVelocities\n\n1 1.0 2.0 3.0\n2 4.0 5.0 6.0\n"), d);
        assertEquals(1.0 / 3, Double.parseDouble("0.3333333333333333"), 0.0, "the decimal reads back as the same double");
    }

    @Test
    void boxesAMoleculeWithAMargin() {
        String d = LammpsData.format(Structure.molecule(new int[]{1, 1}, new double[]{0, 0, 0, 0.74, 0, 0}), List.of("H"), null, 5, "H2");
        assertTrue(d.contains("\n-5.0 5.74 xlo xhi\n-5.0 5.0 ylo yhi\n-5.0 5.0 zlo zhi\n"), d);
    }

    @Test
    void refusesACellLammpsCannotHoldAndAMissingType() {
        Structure rotated = Structure.periodic(new int[]{1}, new double[3], new double[]{4, 1, 0, 0, 4, 0, 0, 0, 4});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LammpsData.format(rotated, List.of("H"), null, 0, "x"));
        assertTrue(e.getMessage().contains("the cell must have rows a = (ax, 0, 0)"), e.getMessage());
        Structure h = Structure.molecule(new int[]{1}, new double[3]);
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> LammpsData.format(h, List.of("O"), null, 1, "x"));
        assertEquals("LAMMPS data: atom 1 is H, which is not among the types [O]", t.getMessage());
    }
}
