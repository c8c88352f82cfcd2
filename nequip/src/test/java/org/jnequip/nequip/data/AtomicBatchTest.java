package org.jnequip.nequip.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.jnequip.nequip.neighbors.Edges;
import org.jnequip.nequip.neighbors.NeighborList;
import org.junit.jupiter.api.Test;

/** TypeMapper ordering and errors; batching several structures into one graph. */
class AtomicBatchTest {

    @Test
    void typeMapperSortsByAtomicNumber() {
        TypeMapper m = TypeMapper.ofChemicalSymbols(List.of("O", "H", "C"));
        assertEquals(List.of("H", "C", "O"), m.typeNames());
        assertEquals(0, m.typeOf(1));
        assertEquals(1, m.typeOf(6));
        assertEquals(2, m.typeOf(8));
        assertEquals(8, m.atomicNumber(2));
        assertEquals(List.of("O", "H"), TypeMapper.ofTypeNames(List.of("O", "H")).typeNames());   // explicit order kept
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.typeOf(7));
        assertTrue(e.getMessage().contains("'N'") && e.getMessage().contains("[H, C, O]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TypeMapper.ofChemicalSymbols(List.of("H", "H")));
        assertThrows(IllegalArgumentException.class, () -> TypeMapper.ofChemicalSymbols(List.of("Q")));
        Structure s = Structure.molecule(new int[] {8, 1, 1, 26}, new double[12]);
        assertEquals(List.of("H", "O", "Fe"), TypeMapper.fromStructures(List.of(s)).typeNames());
    }

    @Test
    void batchConcatenatesGraphs() {
        Random rng = new Random(9);
        double[] cell = {4.0, 0, 0, 0.5, 4.2, 0, 0.3, -0.4, 3.9};
        Structure a = molecule(rng, 5).withEnergy(-1.0).withForces(new double[15]);
        double[] pp = new double[3 * 6];
        for (int i = 0; i < pp.length; i++) pp[i] = 4 * rng.nextDouble();
        Structure b = Structure.periodic(new int[] {6, 6, 1, 1, 8, 8}, pp, cell).withEnergy(-2.0).withForces(new double[18]);
        Structure c = molecule(rng, 3).withEnergy(-3.0);   // no forces → batch has no forces
        List<Structure> list = List.of(a, b, c);
        TypeMapper tm = TypeMapper.ofChemicalSymbols(List.of("H", "C", "O"));
        AtomicBatch batch = AtomicBatch.of(list, 3.5, tm);
        assertEquals(3, batch.numStructures());
        assertEquals(14, batch.numAtoms());
        assertArrayEquals(new int[] {0, 5, 11, 14}, batch.atomOffset());
        assertArrayEquals(new double[] {-1, -2, -3}, batch.energy());
        assertNull(batch.forces());
        assertNull(batch.stress());
        assertArrayEquals(new int[] {1, 1, 0, 0, 2, 2}, java.util.Arrays.copyOfRange(batch.atomTypes(), 5, 11));
        double[] v = batch.edgeVectors();
        int e0 = 0;
        for (int s = 0; s < 3; s++) {
            Structure st = list.get(s);
            Edges ed = NeighborList.build(st.positions(), st.cell(), st.pbc(), 3.5);
            assertEquals(ed.count(), batch.edgeOffset()[s + 1] - batch.edgeOffset()[s]);
            double[] vs = ed.vectors(st.positions(), st.cell());
            for (int k = 0; k < ed.count(); k++) {
                int e = e0 + k;
                assertEquals(ed.center()[k] + batch.atomOffset()[s], batch.edgeCenter()[e]);
                assertEquals(ed.neighbor()[k] + batch.atomOffset()[s], batch.edgeNeighbor()[e]);
                assertEquals(s, batch.edgeBatch()[e]);
                assertEquals(s, batch.batch()[batch.edgeCenter()[e]]);
                for (int q = 0; q < 3; q++) assertEquals(vs[3 * k + q], v[3 * e + q], 0.0);
            }
            e0 += ed.count();
        }
        assertEquals(e0, batch.numEdges());
        assertTrue(batch.edgeOffset()[2] - batch.edgeOffset()[1] > 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AtomicBatch.of(list, 3.5, TypeMapper.ofChemicalSymbols(List.of("H", "C"))));
        assertTrue(e.getMessage().contains("structure 1") || e.getMessage().contains("structure 0"), e.getMessage());
    }

    static Structure molecule(Random rng, int n) {
        int[] z = new int[n];
        double[] p = new double[3 * n];
        for (int i = 0; i < n; i++) { z[i] = i % 2 == 0 ? 6 : 1; for (int k = 0; k < 3; k++) p[3 * i + k] = 2.5 * rng.nextDouble(); }
        return Structure.molecule(z, p);
    }
}
