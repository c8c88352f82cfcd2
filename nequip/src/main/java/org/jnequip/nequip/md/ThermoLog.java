package org.jnequip.nequip.md;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.Locale;
import org.jnequip.nequip.files.AppendFile;

/**
 * Thermo CSV: {@code step,time_fs,potential_eV,kinetic_eV,total_eV,temperature_K,conserved_eV}, one line per
 * sample. "conserved" is the integrator's conserved quantity (the extended energy for Nosé–Hoover, K + U otherwise).
 * Each line reaches the file when it is written ({@link AppendFile}), so an interrupted run leaves every line whole.
 */
public final class ThermoLog implements Closeable {
    public static final String HEADER = "step,time_fs,potential_eV,kinetic_eV,total_eV,temperature_K,conserved_eV";
    private final AppendFile out;

    public ThermoLog(Path path) {
        out = AppendFile.create(path, "lines");
        out.append(HEADER + "\n");
    }

    public void write(MdState s, int dof, double conserved) {
        double k = s.kinetic();
        out.append(String.format(Locale.ROOT, "%d,%.4f,%.10f,%.10f,%.10f,%.6f,%.10f%n", s.step, s.timeFs, s.potential, k,
                s.potential + k, s.temperature(dof), conserved));
    }

    @Override
    public void close() { out.close(); }
}
