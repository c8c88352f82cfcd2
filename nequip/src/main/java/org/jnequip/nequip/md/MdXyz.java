package org.jnequip.nequip.md;

import java.util.Locale;
import org.jnequip.nequip.data.Elements;

/**
 * Trajectory frames in ASE's extended-XYZ layout, with velocities:
 * <pre>
 *   N
 *   Lattice="ax ay az bx by bz cx cy cz" Properties=species:S:1:pos:R:3:vel:R:3:forces:R:3 energy=E time_fs=t step=k pbc="T T T"
 *   Ar  x y z  vx vy vz  fx fy fz
 * </pre>
 * Velocities are the column {@code vel} in Å/fs (ASE keeps it as the array "vel"; org.jnequip.nequip.data.ExtXyz
 * reads the frame and drops it). Molecules get no Lattice and pbc="F F F". Numbers are Java's shortest
 * round-trip decimals, so reading back is exact. Read trajectories with {@code ExtXyz.read} (shared reader).
 */
public final class MdXyz {
    private MdXyz() {}

    /** Appends the current state as one frame: wrapped positions, velocities, forces, energy, time, step. */
    public static void write(StringBuilder sb, MdState s) {
        sb.append(s.n).append('\n');
        if (s.cell != null) {
            sb.append("Lattice=\"");
            for (int k = 0; k < 9; k++) sb.append(k > 0 ? " " : "").append(s.cell[k]);
            sb.append("\" ");
        }
        sb.append("Properties=species:S:1:pos:R:3:vel:R:3:forces:R:3 energy=").append(s.potential)
                .append(" time_fs=").append(s.timeFs).append(" step=").append(s.step)
                .append(" pbc=\"").append(tf(s.pbc[0])).append(' ').append(tf(s.pbc[1])).append(' ').append(tf(s.pbc[2])).append("\"\n");
        for (int i = 0; i < s.n; i++) {
            sb.append(String.format(Locale.ROOT, "%-2s", Elements.symbol(s.z[i])));
            cols(sb, s.pos, i);
            cols(sb, s.vel, i);
            cols(sb, s.forces, i);
            sb.append('\n');
        }
    }

    private static void cols(StringBuilder sb, double[] a, int i) {
        for (int k = 0; k < 3; k++) {
            String v = Double.toString(a[3 * i + k]);
            sb.append(' ');
            for (int p = v.length(); p < 23; p++) sb.append(' ');
            sb.append(v);
        }
    }

    private static char tf(boolean b) { return b ? 'T' : 'F'; }
}
