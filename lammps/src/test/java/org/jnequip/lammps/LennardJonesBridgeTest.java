package org.jnequip.lammps;

import static org.jnequip.lammps.LammpsTestSupport.energyAndVirial;
import static org.jnequip.lammps.LammpsTestSupport.maxAbs;
import static org.jnequip.lammps.LammpsTestSupport.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.jnequip.nequip.md.ForceField;
import org.jnequip.nequip.md.LennardJones;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bridge checked against LAMMPS itself: JNequIP's Lennard-Jones through {@code pair_style nequip} (fix external)
 * and LAMMPS's own {@code lj/cut} with the same ε, σ, cutoff and shift give the same energy, forces and virial —
 * in a triclinic periodic box and for a cluster with no periodic direction — and the same trajectory over 100
 * steps of NVE with atom sorting and re-neighbouring. This tests the box → cell mapping, the id ordering, the
 * virial's order and sign, and the energy/virial hand-over, independently of any NequIP model.
 */
class LennardJonesBridgeTest {
    @TempDir Path dir;

    @BeforeAll
    static void lammps() { LammpsTestSupport.requireLammps(); }

    /** A perturbed fcc argon crystal (triclinic, periodic) or a cluster (no periodic direction). */
    static String input(boolean periodic, boolean viaNequip, int steps) {
        String pair = viaNequip ? "pair_style nequip\npair_coeff * * argon.model Ar\n"
                : "pair_style lj/cut 8.5\npair_coeff 1 1 0.0104 3.40\npair_modify shift yes\n";
        String box = periodic
                ? "boundary p p p\nlattice fcc 5.26\nregion box prism 0 3 0 3 0 3 0.8 -0.6 0.4 units lattice\ncreate_box 1 box\ncreate_atoms 1 box\n"
                : "boundary f f f\nlattice fcc 5.26\nregion box block -4 4 -4 4 -4 4 units lattice\ncreate_box 1 box\n"
                  + "region ball sphere 0 0 0 1.6 units lattice\ncreate_atoms 1 region ball\n";
        return "units metal\natom_style atomic\natom_modify sort 20 3.0\n" + box
                + "mass 1 39.948\ndisplace_atoms all random 0.2 0.2 0.2 4242 units box\n" + pair
                + "compute vir all pressure NULL virial\nthermo_style custom step pe c_vir[1] c_vir[2] c_vir[3] c_vir[4] c_vir[5] c_vir[6]\n"
                + "velocity all create 120 4928459 dist gaussian\nfix 1 all nve\ntimestep 0.004\nthermo 50\nrun " + steps + "\n";
    }

    record Seen(double[] energyVirial, double[] forces, double[] positions, double[] cell, boolean[] pbc, long calls) {}

    private Seen run(boolean periodic, boolean viaNequip, int steps) {
        Path in = LammpsTestSupport.write(dir, "in." + periodic + viaNequip + steps, input(periodic, viaNequip, steps));
        try (LammpsRun r = LammpsTestSupport.open(dir, in, new Potential(LennardJones.argon(), List.of("Ar"), "Lennard-Jones argon"))) {
            r.execute();
            Lammps l = r.lammps();
            LammpsBox b = l.box();
            return new Seen(energyAndVirial(l), l.atomVectors("f"), l.atomVectors("x"), b.cell(), b.periodic(), r.summary().forceCalls());
        }
    }

    @ParameterizedTest(name = "periodic = {0}")
    @ValueSource(booleans = {true, false})
    void stepZeroMatchesLammpsOwnLennardJones(boolean periodic) {
        Seen lj = run(periodic, false, 0), ours = run(periodic, true, 0);
        double e = lj.energyVirial()[0];
        System.out.printf("periodic %s: %d atoms, E = %.10f eV; |ΔE| %.2e eV, max |ΔF| %.2e eV/Å (max |F| %.3f), max |ΔW| %.2e eV%n", periodic,
                lj.forces().length / 3, e, Math.abs(ours.energyVirial()[0] - e), maxAbsDiff(ours.forces(), lj.forces()), maxAbs(lj.forces()),
                maxAbsDiff(ours.energyVirial(), lj.energyVirial()));
        assertEquals(1, ours.calls(), "one force evaluation for run 0");
        assertEquals(e, ours.energyVirial()[0], 1e-11 * Math.abs(e), "energy");
        assertTrue(maxAbsDiff(ours.forces(), lj.forces()) < 1e-11, "forces");
        assertTrue(maxAbsDiff(ours.energyVirial(), lj.energyVirial()) < 1e-10 * Math.max(1, maxAbs(lj.energyVirial())), "virial");
        assertTrue(maxAbs(lj.forces()) > 0.01 && maxAbs(lj.energyVirial()) > 0.01, "a test with non-trivial forces and virial");

        // and the force field called directly on LAMMPS's positions and box gives the same
        ForceField.Result direct = LennardJones.argon().compute(ours.positions(), argonNumbers(ours.positions().length / 3),
                periodic ? ours.cell() : null, periodic ? ours.pbc() : null);
        assertTrue(maxAbsDiff(direct.forces(), ours.forces()) < 1e-12, "forces LAMMPS holds = force field's");
    }

    @ParameterizedTest(name = "periodic = {0}")
    @ValueSource(booleans = {true, false})
    void hundredStepsFollowLammpsOwnLennardJones(boolean periodic) {
        Seen lj = run(periodic, false, 100), ours = run(periodic, true, 100);
        double dx = maxAbsDiff(ours.positions(), lj.positions());
        System.out.printf("periodic %s: after 100 steps max |Δx| %.2e Å, |ΔE_pot| %.2e eV%n", periodic, dx, Math.abs(ours.energyVirial()[0] - lj.energyVirial()[0]));
        assertEquals(101, ours.calls(), "setup + one call per step");
        assertTrue(dx < 1e-9, "positions after 100 steps: " + dx);
    }

    private static int[] argonNumbers(int n) {
        int[] z = new int[n];
        java.util.Arrays.fill(z, 18);
        return z;
    }
}
