package org.jnequip.lammps;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import org.jnequip.nequip.md.ForceField;

/**
 * The {@code fix external pf/callback} hook: each time LAMMPS asks for forces it calls {@link #callback} (an FFM
 * upcall) with the local atoms' ids, positions and the fix's force array; this reads the box and the atom
 * types, evaluates the {@link ForceField} and hands back forces, energy and virial.
 *
 * <p>Atoms are passed to the force field in id order (LAMMPS reorders its local arrays when it sorts atoms, and the
 * type pointer may move), so a force field that keeps a neighbour list sees a stable numbering. The box becomes
 * the cell ({@link LammpsBox}); with no periodic direction the force field gets no cell. The virial in LAMMPS's
 * order xx, yy, zz, xy, xz, yz is the force field's W = −∂E/∂ε, or for a molecule W_ab = Σ_i r_i,a F_i,b (what
 * −∂E/∂ε is for an energy that does not change under translation); a force field that gives no virial for a
 * periodic box adds none to LAMMPS's pressure.
 *
 * <p>An upcall must not throw: a failure is recorded with its step, the forces of that call are set to zero,
 * LAMMPS is told to stop the run ({@code lammps_force_timeout}), and {@link #failure()} reports it afterwards.
 */
final class ExternalForces implements AutoCloseable {
    private final Lammps lmp;
    private final ForceField ff;
    private final int[] zOfType;               // (ntypes + 1) atomic number of each LAMMPS type, [0] unused
    private final Arena arena = Arena.ofShared();
    private final MemorySegment fixId, stub;
    private double[] pos = new double[0];       // (N, 3) in id order
    private double[] local = new double[0];     // (N, 3) in LAMMPS's local order
    private int[] z = new int[0], slotOf = new int[0];
    private long calls, modelNanos, callbackNanos;
    private RuntimeException failure;

    /**
     * @param zOfType atomic number of LAMMPS type t at index t (index 0 unused)
     */
    ExternalForces(Lammps lmp, String fixId, ForceField ff, int[] zOfType) {
        this.lmp = lmp;
        this.ff = ff;
        this.zOfType = zOfType.clone();
        this.fixId = arena.allocateFrom(fixId);
        boolean bigStep = lmp.setting("bigint") == 8;
        try {
            MethodHandle target = MethodHandles.lookup().findVirtual(ExternalForces.class, "callback", MethodType.methodType(void.class,
                    MemorySegment.class, long.class, int.class, MemorySegment.class, MemorySegment.class, MemorySegment.class)).bindTo(this);
            if (!bigStep) target = target.asType(target.type().changeParameterType(1, int.class));
            FunctionDescriptor fd = FunctionDescriptor.ofVoid(ADDRESS, bigStep ? JAVA_LONG : JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
            stub = Linker.nativeLinker().upcallStub(target, fd, arena);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        lmp.setFixExternalCallback(fixId, stub);
    }

    /** Force evaluations so far. */
    long calls() { return calls; }

    /** Seconds inside the force field, and inside the whole callback (the force field plus the bridge's own work). */
    double modelSeconds() { return modelNanos * 1e-9; }

    double callbackSeconds() { return callbackNanos * 1e-9; }

    /** The first failure inside the callback, or null. */
    RuntimeException failure() { return failure; }

    /** LAMMPS's FixExternalFnPtr: (void *ptr, bigint timestep, int nlocal, tagint *ids, double **x, double **f). */
    private void callback(MemorySegment ptr, long step, int nlocal, MemorySegment ids, MemorySegment x, MemorySegment f) {
        long t0 = System.nanoTime();
        MemorySegment rowsF = f.reinterpret(8L * nlocal);
        try {
            if (failure != null) throw new IllegalStateException("an earlier call failed");
            order(lmp.ids(ids, nlocal), step);
            int[] types = lmp.atomArray("type").reinterpret(4L * nlocal).toArray(JAVA_INT);
            readRows(x.reinterpret(8L * nlocal), nlocal, local);
            for (int i = 0; i < nlocal; i++) {
                int s = slotOf[i], t = types[i];
                if (t < 1 || t >= zOfType.length) throw new IllegalStateException("atom " + (s + 1) + " has type " + t + ", which pair_coeff does not map");
                z[s] = zOfType[t];
                for (int k = 0; k < 3; k++) pos[3 * s + k] = local[3 * i + k];
            }
            LammpsBox box = lmp.box();
            long t1 = System.nanoTime();
            ForceField.Result res = box.anyPeriodic() ? ff.compute(pos, z, box.cell(), box.periodic()) : ff.compute(pos, z, null, null);
            modelNanos += System.nanoTime() - t1;
            double[] fr = res.forces();
            if (!Double.isFinite(res.energy())) throw new IllegalStateException("the model's energy is " + res.energy());
            for (int s = 0; s < 3 * nlocal; s++)
                if (!Double.isFinite(fr[s])) throw new IllegalStateException("the model's force on atom " + (s / 3 + 1) + " (in id order) is " + fr[s]);
            for (int i = 0; i < nlocal; i++)
                for (int k = 0; k < 3; k++) local[3 * i + k] = fr[3 * slotOf[i] + k];
            writeRows(rowsF, nlocal, local);
            double[] w = res.virial() != null ? res.virial() : box.anyPeriodic() ? null : moleculeVirial(pos, fr);
            lmp.setFixExternalEnergy(fixId, res.energy());
            if (w != null) lmp.setFixExternalVirial(fixId, new double[]{w[0], w[4], w[8], w[1], w[2], w[5]});
            calls++;
            callbackNanos += System.nanoTime() - t0;
        } catch (Throwable t) {
            if (failure == null) failure = new IllegalStateException("force evaluation failed at step " + step + ": "
                    + (t.getMessage() != null ? t.getMessage() : t.toString()), t);
            try {
                writeRows(rowsF, nlocal, new double[3 * nlocal]);
                lmp.forceTimeout();
            } catch (Throwable ignored) {
                // nothing more can be done inside an upcall; the failure is reported after the command returns
            }
        }
    }

    /** slotOf[i] = position of local atom i in id order (ids 1..N map to slots 0..N−1 directly). */
    private void order(long[] ids, long step) {
        int n = ids.length;
        if (pos.length != 3 * n) {
            pos = new double[3 * n];
            local = new double[3 * n];
            z = new int[n];
            slotOf = new int[n];
        }
        boolean dense = true;
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n && dense; i++) {
            long id = ids[i];
            if (id < 1 || id > n || seen[(int) id - 1]) dense = false;
            else { seen[(int) id - 1] = true; slotOf[i] = (int) id - 1; }
        }
        if (dense) return;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Long.compare(ids[a], ids[b]));
        for (int s = 0; s < n; s++) {
            if (s > 0 && ids[idx[s]] == ids[idx[s - 1]]) throw new IllegalStateException("atom id " + ids[idx[s]] + " appears twice at step " + step);
            slotOf[idx[s]] = s;
        }
    }

    /** Reads a LAMMPS double** of n rows of 3 into out (n, 3): one copy when the rows are contiguous, as LAMMPS allocates them. */
    static void readRows(MemorySegment rows, int n, double[] out) {
        MemorySegment block = contiguous(rows, n);
        if (block != null) MemorySegment.copy(block, JAVA_DOUBLE, 0, out, 0, 3 * n);
        else for (int i = 0; i < n; i++) MemorySegment.copy(rows.getAtIndex(ADDRESS, i).reinterpret(24), JAVA_DOUBLE, 0, out, 3 * i, 3);
    }

    /** Writes in (n, 3) into a LAMMPS double** of n rows of 3. */
    static void writeRows(MemorySegment rows, int n, double[] in) {
        MemorySegment block = contiguous(rows, n);
        if (block != null) MemorySegment.copy(in, 0, block, JAVA_DOUBLE, 0, 3 * n);
        else for (int i = 0; i < n; i++) MemorySegment.copy(in, 3 * i, rows.getAtIndex(ADDRESS, i).reinterpret(24), JAVA_DOUBLE, 0, 3);
    }

    /** The n rows as one (n, 3) block when row i starts 24·i bytes after row 0, else null. */
    private static MemorySegment contiguous(MemorySegment rows, int n) {
        if (n == 0 || ADDRESS.byteSize() != 8) return null;
        long[] p = rows.reinterpret(8L * n).toArray(JAVA_LONG);     // the row pointers, as addresses
        for (int i = 1; i < n; i++) if (p[i] != p[0] + 24L * i) return null;
        return MemorySegment.ofAddress(p[0]).reinterpret(24L * n);
    }

    /** W_ab = Σ_i r_i,a F_i,b, (3, 3) eV. */
    static double[] moleculeVirial(double[] pos, double[] forces) {
        double[] w = new double[9];
        for (int i = 0; i < pos.length / 3; i++)
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++) w[3 * a + b] += pos[3 * i + a] * forces[3 * i + b];
        return w;
    }

    @Override
    public void close() { arena.close(); }
}
