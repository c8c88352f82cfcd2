package org.jnequip.nequip.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jnequip.e3.Rotations;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.data.TypeMapper;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * Physics of the model in float64 on random weights: forces are −∂E/∂r (finite differences), stress is the
 * strain derivative, E is invariant and F equivariant under rotation, inversion, translation and permutation,
 * and batching equals separate evaluations.
 */
class NequipModelPropertiesTest {
    static final TypeMapper types = TypeMapper.ofChemicalSymbols(List.of("H", "C", "O"));
    static final double R_MAX = 3.5;
    static final NequipModel model = NequipModel.create(new NequipConfig(types.typeNames(), R_MAX, 2, 2, true, 6, 6, true, 6, 1, 12,
            "silu", "tanh", "silu", "tanh", true, false, 8.0, new double[]{1.1, 0.9, 0.7}, new double[]{-0.5, -1.0, -2.0}, 1.3, DType.F64), 7);

    static Structure molecule(long seed, int n) {
        Rng rng = new Rng(seed);
        double[] pos = rng.uniform(3 * n, -1.6, 1.6);
        int[] z = new int[n];
        int[] choices = {1, 6, 8};
        for (int i = 0; i < n; i++) z[i] = choices[i % 3];
        return new Structure(pos, z, null, new boolean[3], null, null, null, null);
    }

    static Structure crystal(long seed) {
        Rng rng = new Rng(seed);
        double[] cell = {3.1, 0.0, 0.0, 0.4, 2.9, 0.0, -0.3, 0.5, 3.3};
        int n = 5;
        double[] frac = rng.uniform(3 * n, 0, 1), pos = new double[3 * n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < 3; k++) pos[3 * i + k] = frac[3 * i] * cell[k] + frac[3 * i + 1] * cell[3 + k] + frac[3 * i + 2] * cell[6 + k];
        return new Structure(pos, new int[]{1, 6, 8, 1, 6}, cell, new boolean[]{true, true, true}, null, null, null, null);
    }

    static NequipModel.Prediction eval(Structure s, boolean virial) {
        return model.predict(AtomicBatch.of(List.of(s), R_MAX, types), false, virial);
    }

    static double energy(Structure s) { return eval(s, false).totalEnergy().item(); }

    @Test
    void forcesAreMinusEnergyGradient() {
        for (Structure s : List.of(molecule(1, 7), crystal(2))) {
            double[] f = eval(s, false).forces().value().toDoubleArray();
            double[] pos = s.positions();
            double h = 1e-5;
            for (int i = 0; i < pos.length; i++) {
                double[] p = pos.clone(), m = pos.clone();
                p[i] += h;
                m[i] -= h;
                double num = -(energy(s.withPositions(p)) - energy(s.withPositions(m))) / (2 * h);
                assertEquals(num, f[i], 1e-7 * Math.max(1, Math.abs(num)), "force component " + i);
            }
        }
    }

    @Test
    void virialIsStrainDerivative() {
        Structure s = crystal(3);
        double[] virial = eval(s, true).virial().value().toDoubleArray();
        double h = 1e-5;
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++) {
                double num = -(energy(strained(s, a, b, h)) - energy(strained(s, a, b, -h))) / (2 * h);
                assertEquals(num, virial[3 * a + b], 1e-7 * Math.max(1, Math.abs(num)), "virial " + a + b);
            }
        for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) assertEquals(virial[3 * a + b], virial[3 * b + a], 1e-12);
    }

    /** x → x(1 + ε) with the symmetric ε having ε_ab = ε_ba = h/2 (or ε_aa = h). */
    static Structure strained(Structure s, int a, int b, double h) {
        double[] eps = new double[9];
        eps[3 * a + b] += h / 2;
        eps[3 * b + a] += h / 2;
        double[] pos = s.positions(), cell = s.cell();
        return new Structure(apply(pos, eps), s.atomicNumbers(), apply(cell, eps), s.pbc(), null, null, null, null);
    }

    static double[] apply(double[] rows, double[] eps) {
        double[] out = rows.clone();
        for (int r = 0; r < rows.length / 3; r++)
            for (int k = 0; k < 3; k++)
                for (int m = 0; m < 3; m++) out[3 * r + k] += rows[3 * r + m] * eps[3 * m + k];
        return out;
    }

    @Test
    void invariantAndEquivariantUnderE3AndPermutation() {
        Rng rng = new Rng(11);
        for (Structure s : List.of(molecule(4, 8), crystal(5))) {
            NequipModel.Prediction p0 = eval(s, false);
            double e0 = p0.totalEnergy().item();
            double[] f0 = p0.forces().value().toDoubleArray();
            for (boolean inversion : new boolean[]{false, true}) {
                double[] r = Rotations.random(rng);
                if (inversion) for (int i = 0; i < 9; i++) r[i] = -r[i];
                double[] t = rng.uniform(3, -2, 2);
                Structure moved = transform(s, r, t);
                NequipModel.Prediction p = eval(moved, false);
                assertEquals(e0, p.totalEnergy().item(), 1e-10, "energy invariance (inversion=" + inversion + ")");
                double[] f = p.forces().value().toDoubleArray(), fr = rotate(f0, r);
                for (int i = 0; i < f.length; i++) assertEquals(fr[i], f[i], 1e-10, "force equivariance " + i);
            }
            int n = s.numAtoms();
            int[] perm = rng.permutation(n);
            Structure permuted = permute(s, perm);
            NequipModel.Prediction pp = eval(permuted, false);
            assertEquals(e0, pp.totalEnergy().item(), 1e-10, "permutation invariance");
            double[] fp = pp.forces().value().toDoubleArray();
            for (int i = 0; i < n; i++)
                for (int k = 0; k < 3; k++) assertEquals(f0[3 * perm[i] + k], fp[3 * i + k], 1e-10, "permuted force");
        }
    }

    static double[] rotate(double[] v, double[] r) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length / 3; i++)
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++) out[3 * i + a] += r[3 * a + b] * v[3 * i + b];
        return out;
    }

    /** x → R x + t; the cell rows rotate too. */
    static Structure transform(Structure s, double[] r, double[] t) {
        double[] pos = rotate(s.positions(), r);
        for (int i = 0; i < pos.length; i++) pos[i] += t[i % 3];
        double[] cell = s.cell() == null ? null : rotate(s.cell(), r);
        return new Structure(pos, s.atomicNumbers(), cell, s.pbc(), null, null, null, null);
    }

    static Structure permute(Structure s, int[] perm) {
        double[] pos = s.positions(), np = new double[pos.length];
        int[] z = s.atomicNumbers(), nz = new int[z.length];
        for (int i = 0; i < z.length; i++) {
            nz[i] = z[perm[i]];
            System.arraycopy(pos, 3 * perm[i], np, 3 * i, 3);
        }
        return new Structure(np, nz, s.cell(), s.pbc(), null, null, null, null);
    }

    @Test
    void batchEqualsSeparateEvaluations() {
        List<Structure> list = new ArrayList<>(List.of(molecule(6, 5), crystal(7), molecule(8, 9)));
        NequipModel.Prediction pb = model.predict(AtomicBatch.of(list, R_MAX, types), false, true);
        double[] eb = pb.totalEnergy().value().toDoubleArray(), fb = pb.forces().value().toDoubleArray();
        int off = 0;
        for (int k = 0; k < list.size(); k++) {
            NequipModel.Prediction p = eval(list.get(k), true);
            assertEquals(p.totalEnergy().item(), eb[k], 1e-10, "energy of structure " + k);
            double[] f = p.forces().value().toDoubleArray();
            for (int i = 0; i < f.length; i++) assertEquals(f[i], fb[off + i], 1e-10);
            off += f.length;
            double[] v = p.virial().value().toDoubleArray(), vb = pb.virial().value().toDoubleArray();
            for (int i = 0; i < 9; i++) assertEquals(v[i], vb[9 * k + i], 1e-10);
        }
        assertTrue(off == fb.length);
    }
}
