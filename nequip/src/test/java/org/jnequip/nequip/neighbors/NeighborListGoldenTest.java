package org.jnequip.nequip.neighbors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jnequip.nequip.Golden;
import org.jnequip.nequip.io.Json;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every structure of every golden {@code model_*.json}: our neighbour list reproduces nequip 0.6.2's
 * (ASE's) edge set (i, j, S) exactly, and our edge vectors r_j − r_i + S·cell equal the recorded
 * {@code spharm_edges:edge_vectors} to 1e-12.
 */
class NeighborListGoldenTest {

    @TestFactory
    Stream<DynamicTest> everyGoldenStructure() throws IOException {
        List<Path> files = Golden.matching("model_*.json");
        assertFalse(files.isEmpty(), "no model_*.json in " + Golden.dir());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            Map<String, Object> root = Json.obj(Json.read(f));
            for (Object so : Json.arr(root.get("structures"))) {
                Map<String, Object> s = Json.obj(so);
                tests.add(DynamicTest.dynamicTest(f.getFileName() + " / " + s.get("name"), () -> check(s)));
            }
        }
        return tests.stream();
    }

    static void check(Map<String, Object> s) {
        double[] pos = Golden.tensor(s.get("positions")).toDoubleArray();
        double[] cell = Golden.tensor(s.get("cell")).toDoubleArray();
        List<Object> pl = Json.arr(s.get("pbc"));
        boolean[] pbc = {(Boolean) pl.get(0), (Boolean) pl.get(1), (Boolean) pl.get(2)};
        double rMax = Json.num(s.get("r_max"));
        double[] ei = Golden.tensor(s.get("edge_index")).toDoubleArray();
        double[] sh = Golden.tensor(s.get("edge_cell_shift")).toDoubleArray();
        int ne = ei.length / 2;
        Set<String> want = new HashSet<>();
        Map<String, Integer> goldenIndex = new HashMap<>();
        for (int e = 0; e < ne; e++) {
            String k = BruteForce.key((int) ei[e], (int) ei[ne + e], (int) sh[3 * e], (int) sh[3 * e + 1], (int) sh[3 * e + 2]);
            want.add(k);
            goldenIndex.put(k, e);
        }
        assertEquals(ne, want.size(), "golden edges not unique");
        Edges edges = NeighborList.build(pos, cell, pbc, rMax);
        BruteForce.assertSameEdges(want, BruteForce.keys(edges), "edge set (i, j, S) vs nequip's");
        Object iv = Json.obj(s.get("intermediates")).get("spharm_edges:edge_vectors");
        if (iv == null) return;
        double[] ref = Golden.tensor(iv).toDoubleArray(), v = edges.vectors(pos, cell);
        for (int e = 0; e < edges.count(); e++) {
            int g = goldenIndex.get(BruteForce.key(edges.center()[e], edges.neighbor()[e],
                    edges.shifts()[3 * e], edges.shifts()[3 * e + 1], edges.shifts()[3 * e + 2]));
            for (int c = 0; c < 3; c++) assertEquals(ref[3 * g + c], v[3 * e + c], 1e-12, "edge vector " + e);
        }
    }
}
