package org.jnequip.nequip.md;

/**
 * Metal units used by the MD code: energy eV, length Å, time fs, mass amu, temperature K.
 *
 * <p>Newton's law in these units: a [Å/fs²] = F [eV/Å] / (m [amu] · MVV), with
 * MVV = 1 amu·Å²/fs² in eV = (1.66053906660e-27 kg · 1e-20 m²) / (1e-30 s²) / 1.602176634e-19 J ≈ 103.6427 eV
 * (CODATA 2018). Kinetic energy K = ½ Σ m v² · MVV (eV) for v in Å/fs.
 */
public final class MdUnits {
    private MdUnits() {}

    /** Atomic mass unit (kg), CODATA 2018. */
    public static final double AMU_KG = 1.66053906660e-27;
    /** Elementary charge (C) = 1 eV in J, exact since 2019. */
    public static final double EV_J = 1.602176634e-19;
    /** 1 amu·Å²/fs² expressed in eV (≈ 103.6427). */
    public static final double MVV = AMU_KG * 1e-20 / 1e-30 / EV_J;
    /** Boltzmann constant (eV/K) = 1.380649e-23 J/K / e. */
    public static final double KB = 1.380649e-23 / EV_J;
    /** Diffusivity: 1 Å²/ps = 1e-16 cm² / 1e-12 s = 1e-4 cm²/s. */
    public static final double A2_PER_PS_IN_CM2_PER_S = 1e-4;
}
