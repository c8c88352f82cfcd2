package org.jnequip.nequip.md;

import java.nio.file.Path;

/**
 * Settings of an MD run (metal units).
 *
 * <p>Time step: ≈ 5 fs suits Lennard-Jones argon (ε = 0.0104 eV, σ = 3.4 Å, 40 amu: ~430 steps per LJ time
 * σ√(m/ε) ≈ 2.16 ps; the NVE test keeps |E − E₀| &lt; 5e-6 eV/atom over 10,000 steps); systems with hydrogen
 * need ≈ 0.25–0.5 fs.
 *
 * @param ensemble            NVE (velocity Verlet), LANGEVIN (BAOAB) or NOSE_HOOVER (MTK chain)
 * @param timestepFs          Δt (fs)
 * @param steps               number of steps
 * @param temperatureK        thermostat target T (ignored for NVE)
 * @param initialTemperatureK draw Maxwell–Boltzmann velocities at this T (exactly rescaled); NaN keeps the
 *                            system's velocities (zero when it has none)
 * @param seed                seed of the velocity draw and of the Langevin noise
 * @param frictionPerFs       Langevin γ (1/fs)
 * @param tdampFs             Nosé–Hoover τ (fs)
 * @param chainLength         Nosé–Hoover chain length M
 * @param zeroMomentum        remove the total momentum at the start (and keep it zero; Nf = 3N − 3); ignored
 *                            when atoms are fixed
 * @param wrap                wrap periodic positions into the cell after each step (images are tracked)
 * @param thermoEvery         thermo line every this many steps (0 = none)
 * @param thermoCsv           thermo CSV file, or null
 * @param trajectoryEvery     trajectory frame every this many steps (0 = none)
 * @param trajectory          extxyz trajectory file, or null
 */
public record MdOptions(Ensemble ensemble, double timestepFs, long steps, double temperatureK,
                        double initialTemperatureK, long seed, double frictionPerFs, double tdampFs, int chainLength,
                        boolean zeroMomentum, boolean wrap, int thermoEvery, Path thermoCsv, int trajectoryEvery,
                        Path trajectory) {

    public enum Ensemble { NVE, LANGEVIN, NOSE_HOOVER }

    public MdOptions {
        if (ensemble == null) throw new IllegalArgumentException("md options: ensemble is required");
        if (!(timestepFs > 0)) throw new IllegalArgumentException("md options: timestep must be > 0 fs, got " + timestepFs);
        if (steps < 0) throw new IllegalArgumentException("md options: steps must be >= 0");
        if (ensemble != Ensemble.NVE && !(temperatureK > 0)) throw new IllegalArgumentException("md options: " + ensemble + " needs a temperature > 0 K");
        if (!Double.isNaN(initialTemperatureK) && !(initialTemperatureK >= 0)) throw new IllegalArgumentException("md options: initial temperature must be >= 0 K");
        if (thermoEvery < 0 || trajectoryEvery < 0) throw new IllegalArgumentException("md options: output intervals must be >= 0");
        if (chainLength < 1) throw new IllegalArgumentException("md options: chain length must be >= 1");
    }

    /** NVE defaults: no initial velocities drawn, seed 1, γ = 0.01/fs, τ = 100Δt, M = 3, zero momentum, wrap. */
    public static MdOptions nve(double timestepFs, long steps) {
        return new MdOptions(Ensemble.NVE, timestepFs, steps, Double.NaN, Double.NaN, 1, 0.01, 100 * timestepFs, 3,
                true, true, 0, null, 0, null);
    }

    public static MdOptions langevin(double timestepFs, long steps, double temperatureK) {
        return nve(timestepFs, steps).withEnsemble(Ensemble.LANGEVIN, temperatureK);
    }

    public static MdOptions noseHoover(double timestepFs, long steps, double temperatureK) {
        return nve(timestepFs, steps).withEnsemble(Ensemble.NOSE_HOOVER, temperatureK);
    }

    public MdOptions withEnsemble(Ensemble e, double t) {
        return new MdOptions(e, timestepFs, steps, t, initialTemperatureK, seed, frictionPerFs, tdampFs, chainLength, zeroMomentum, wrap, thermoEvery, thermoCsv, trajectoryEvery, trajectory);
    }

    public MdOptions withInitialTemperature(double t, long newSeed) {
        return new MdOptions(ensemble, timestepFs, steps, temperatureK, t, newSeed, frictionPerFs, tdampFs, chainLength, zeroMomentum, wrap, thermoEvery, thermoCsv, trajectoryEvery, trajectory);
    }

    public MdOptions withThermostat(double friction, double tdamp, int chain) {
        return new MdOptions(ensemble, timestepFs, steps, temperatureK, initialTemperatureK, seed, friction, tdamp, chain, zeroMomentum, wrap, thermoEvery, thermoCsv, trajectoryEvery, trajectory);
    }

    public MdOptions withOutputs(Path csv, int everyThermo, Path xyz, int everyFrame) {
        return new MdOptions(ensemble, timestepFs, steps, temperatureK, initialTemperatureK, seed, frictionPerFs, tdampFs, chainLength, zeroMomentum, wrap, everyThermo, csv, everyFrame, xyz);
    }

    public MdOptions withMomentumAndWrap(boolean zero, boolean doWrap) {
        return new MdOptions(ensemble, timestepFs, steps, temperatureK, initialTemperatureK, seed, frictionPerFs, tdampFs, chainLength, zero, doWrap, thermoEvery, thermoCsv, trajectoryEvery, trajectory);
    }

    /** The integrator these options describe. */
    public Integrator integrator() {
        return switch (ensemble) {
            case NVE -> new VelocityVerlet(timestepFs);
            case LANGEVIN -> new Langevin(timestepFs, temperatureK, frictionPerFs, seed ^ 0x5DEECE66DL, zeroMomentum);
            case NOSE_HOOVER -> new NoseHooverChain(timestepFs, temperatureK, tdampFs, chainLength, zeroMomentum);
        };
    }
}
