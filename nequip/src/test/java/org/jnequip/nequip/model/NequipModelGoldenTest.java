package org.jnequip.nequip.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jnequip.nequip.Golden;
import org.jnequip.nequip.io.Json;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every model_*.json in the golden directory: the model is built from the file's {@code config}, its
 * {@code parameters} are loaded by name, and energies, per-atom energies, forces, stress and virial of every
 * structure must match the reference nequip 0.6.2 outputs to 1e-9 (float64).
 */
class NequipModelGoldenTest {
    static final double TOL = 1e-9;

    @TestFactory
    Stream<DynamicTest> everyGoldenModel() throws Exception {
        List<Path> files = Golden.matching("model_*.json");
        assertFalse(files.isEmpty(), "no model_*.json in " + Golden.dir());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            Map<String, Object> root = Json.obj(Json.read(f));
            NequipModel model = load(root);
            for (Object so : Json.arr(root.get("structures"))) {
                Map<String, Object> s = Json.obj(so);
                tests.add(DynamicTest.dynamicTest(f.getFileName() + " / " + s.get("name"), () -> check(model, s)));
            }
        }
        return tests.stream();
    }

    static NequipModel load(Map<String, Object> root) {
        Map<String, Object> cfgMap = new LinkedHashMap<>(Json.obj(root.get("config")));
        cfgMap.put("model_dtype", "float64");
        Map<String, Object> params = Json.obj(root.get("parameters"));
        Object scaleBy = params.get("model.scale_by");
        if (scaleBy != null) cfgMap.put("global_rescale_scale", Golden.tensor(scaleBy).item());
        NequipModel model = NequipModel.create(ModelKeys.read(cfgMap, ModelKeys.Source.NEQUIP).toConfig(), 0);
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (var e : params.entrySet()) values.put(e.getKey(), Golden.tensor(e.getValue()));
        model.loadParameters(values);
        return model;
    }

    /** The structure's own edge list (from nequip's ASE neighbour list) as model input. */
    static ModelInput input(Map<String, Object> s) {
        Tensor pos = Golden.tensor(s.get("positions"));
        int n = pos.size(0);
        int[] types = ints(Golden.tensor(s.get("atom_types")));
        Tensor ei = Golden.tensor(s.get("edge_index"));
        int ne = ei.size(1);
        int[] idx = ints(ei);
        int[] center = java.util.Arrays.copyOfRange(idx, 0, ne), neighbor = java.util.Arrays.copyOfRange(idx, ne, 2 * ne);
        double[] shifts = Golden.tensor(s.get("edge_cell_shift")).toDoubleArray();
        double[] cell = Golden.tensor(s.get("cell")).toDoubleArray();
        return new ModelInput(pos.toDoubleArray(), types, new int[n], 1, center, neighbor, shifts, cell);
    }

    static int[] ints(Tensor t) {
        double[] d = t.toDoubleArray();
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) r[i] = (int) Math.round(d[i]);
        return r;
    }

    static void check(NequipModel model, Map<String, Object> s) {
        boolean periodic = s.containsKey("stress");
        NequipModel.Prediction p = model.predict(input(s), false, periodic);
        close("total_energy", new double[]{Json.num(s.get("total_energy"))}, p.totalEnergy().value().toDoubleArray());
        close("atomic_energy", Golden.tensor(s.get("atomic_energy")).toDoubleArray(), p.atomicEnergy().value().toDoubleArray());
        close("forces", Golden.tensor(s.get("forces")).toDoubleArray(), p.forces().value().toDoubleArray());
        if (periodic) {
            double[] virial = p.virial().value().toDoubleArray();
            close("virial", Golden.tensor(s.get("virial")).toDoubleArray(), virial);
            double[] cell = Golden.tensor(s.get("cell")).toDoubleArray();
            double vol = Math.abs(det(cell));
            double[] stress = new double[9];
            for (int i = 0; i < 9; i++) stress[i] = -virial[i] / vol;
            close("stress", Golden.tensor(s.get("stress")).toDoubleArray(), stress);
        }
    }

    static double det(double[] c) {
        return c[0] * (c[4] * c[8] - c[5] * c[7]) - c[1] * (c[3] * c[8] - c[5] * c[6]) + c[2] * (c[3] * c[7] - c[4] * c[6]);
    }

    static void close(String what, double[] ref, double[] got) {
        assertTrue(ref.length == got.length, what + ": length " + got.length + " vs reference " + ref.length);
        double max = 0;
        int at = -1;
        for (int i = 0; i < ref.length; i++) {
            double d = Math.abs(ref[i] - got[i]);
            if (!(d <= max)) { max = d; at = i; }
        }
        final double m = max;
        final int a = at;
        System.out.printf(java.util.Locale.ROOT, "golden %-13s max abs error %.2e%n", what, m);
        assertTrue(m <= TOL, () -> what + ": max abs error " + m + " at " + a + " (ref " + ref[a] + ", got " + got[a] + ")");
    }
}
