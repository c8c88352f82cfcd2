package org.jnequip.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.data.Elements;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.data.TypeMapper;
import org.jnequip.nequip.io.Json;
import org.jnequip.nequip.model.NequipModel;

/**
 * A model folder's {@code expected.json} (the reference's outputs: per frame symbols, positions, pbc, cell,
 * total_energy, atomic_energy, forces, and for periodic frames stress and virial) and the comparison of a
 * model's predictions with it. Tolerances, relative: float64 1e-9 for everything; float32 energies 1e-6
 * (total: of |E|; per atom: of max |e_i|), forces, stress and virial 1e-5 of their largest magnitude.
 */
record ExpectedOutputs(String modelDtype, List<Map<String, Object>> frames) {

    static ExpectedOutputs read(Path file) throws IOException {
        Map<String, Object> root = Json.obj(Json.read(file));
        List<Map<String, Object>> frames = new ArrayList<>();
        for (Object f : Json.arr(root.get("frames"))) frames.add(Json.obj(f));
        return new ExpectedOutputs(String.valueOf(root.get("model_dtype")), frames);
    }

    static Structure structure(Map<String, Object> f) {
        List<Object> sym = Json.arr(f.get("symbols"));
        int[] z = new int[sym.size()];
        for (int i = 0; i < z.length; i++) z[i] = Elements.atomicNumber((String) sym.get(i));
        double[] pos = flat(f.get("positions")), cell = flat(f.get("cell"));
        List<Object> p = Json.arr(f.get("pbc"));
        boolean[] pbc = {(Boolean) p.get(0), (Boolean) p.get(1), (Boolean) p.get(2)};
        boolean anyCell = false;
        for (double c : cell) anyCell |= c != 0;
        return new Structure(pos, z, anyCell ? cell : null, pbc, null, null, null, null);
    }

    /** Predicts every frame with {@code m} and returns the largest relative error seen (and asserts the tolerance). */
    double check(NequipModel m, String what) {
        boolean f64 = modelDtype.equals("float64");
        double tolE = f64 ? 1e-9 : 1e-6, tolF = f64 ? 1e-9 : 1e-5, worst = 0;
        TypeMapper types = TypeMapper.ofTypeNames(m.config().chemicalSymbols());
        for (Map<String, Object> f : frames) {
            Structure s = structure(f);
            boolean stress = f.containsKey("stress");
            NequipModel.Prediction p = m.predict(AtomicBatch.of(List.of(s), m.config().rMax(), types), false, stress);
            String at = what + " frame " + f.get("frame");
            worst = Math.max(worst, rel(at + " total_energy", new double[]{Json.num(f.get("total_energy"))}, p.totalEnergy().value().toDoubleArray(), tolE));
            worst = Math.max(worst, rel(at + " atomic_energy", flat(f.get("atomic_energy")), p.atomicEnergy().value().toDoubleArray(), tolE));
            worst = Math.max(worst, rel(at + " forces", flat(f.get("forces")), p.forces().value().toDoubleArray(), tolF));
            if (stress) {
                double[] virial = p.virial().value().toDoubleArray(), st = new double[9];
                for (int i = 0; i < 9; i++) st[i] = -virial[i] / s.volume();
                worst = Math.max(worst, rel(at + " virial", flat(f.get("virial")), virial, tolF));
                worst = Math.max(worst, rel(at + " stress", flat(f.get("stress")), st, tolF));
            }
        }
        return worst;
    }

    /** max |a − b| / max |a|, asserted ≤ tol. */
    static double rel(String what, double[] want, double[] got, double tol) {
        assertTrue(want.length == got.length, what + ": " + got.length + " values, expected " + want.length);
        double scale = 0, err = 0;
        for (int i = 0; i < want.length; i++) {
            scale = Math.max(scale, Math.abs(want[i]));
            err = Math.max(err, Math.abs(want[i] - got[i]));
        }
        double r = scale == 0 ? err : err / scale;
        assertTrue(r <= tol, what + ": relative error " + r + " > " + tol);
        return r;
    }

    static double[] flat(Object o) {
        List<Double> out = new ArrayList<>();
        flatten(o, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flatten(Object o, List<Double> out) {
        if (o instanceof List<?> l) for (Object x : l) flatten(x, out);
        else out.add(Json.num(o));
    }
}
