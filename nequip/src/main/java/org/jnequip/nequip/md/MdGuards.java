package org.jnequip.nequip.md;

import java.util.Locale;
import org.jnequip.nequip.data.Overlaps;

/**
 * Limits that stop a run which has left physics: a temperature no simulation of matter reaches, or two atoms closer
 * than any bond. Either one means the system has blown up (a cell too small for the structure, atoms placed on one
 * another, a time step too long, a model asked about configurations it never saw), and going on would only write
 * numbers that mean nothing. The temperature is checked at the start and after every step, the distances at the
 * start and every {@value #DISTANCE_EVERY} steps; 0 switches a limit off.
 *
 * @param maxTemperatureK stop when T exceeds this (K)
 * @param minDistance     stop when two atoms (periodic images included) come closer than this (Å)
 */
public record MdGuards(double maxTemperatureK, double minDistance) {
    /** 10⁵ K (kT ≈ 8.6 eV per degree of freedom) and 0.5 Å (H₂'s bond is 0.74 Å). */
    public static final MdGuards DEFAULT = new MdGuards(1e5, 0.5);
    public static final MdGuards NONE = new MdGuards(0, 0);

    public MdGuards {
        if (!(maxTemperatureK >= 0) || !(minDistance >= 0)) throw new IllegalArgumentException("md limits: must be >= 0 (0 = off), got "
                + maxTemperatureK + " K and " + minDistance + " Å");
    }

    /** Steps between two searches for close atoms (about 0.5 ms for 192 atoms; the temperature is checked every step). */
    static final int DISTANCE_EVERY = 10;

    /** Why the state breaks a limit, or null: "temperature 1.8e+08 K is above the limit of 1e+05 K". */
    String violation(MdState s, int dof) {
        double t = s.temperature(dof);
        if (!Double.isFinite(t)) return "the temperature is " + t;
        if (maxTemperatureK > 0 && t > maxTemperatureK)
            return String.format(Locale.ROOT, "temperature %.3g K is above the limit of %.3g K", t, maxTemperatureK);
        if (minDistance > 0 && s.step % DISTANCE_EVERY == 0) {
            Overlaps.Pair p = Overlaps.closest(s.pos, s.cell, s.pbc, minDistance);
            if (p != null) return p.describe(s.z) + ", closer than the limit of " + minDistance + " Å";
        }
        return null;
    }
}
