package org.jnequip.nequip.md;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Thermo CSV: {@code step,time_fs,potential_eV,kinetic_eV,total_eV,temperature_K,conserved_eV}, one line per
 * sample. "conserved" is the integrator's conserved quantity (the extended energy for Nosé–Hoover, K + U otherwise).
 */
public final class ThermoLog implements Closeable {
    public static final String HEADER = "step,time_fs,potential_eV,kinetic_eV,total_eV,temperature_K,conserved_eV";
    private final BufferedWriter out;
    private final Path path;

    public ThermoLog(Path path) {
        this.path = path;
        try {
            if (path.getParent() != null) Files.createDirectories(path.getParent());
            out = Files.newBufferedWriter(path);
            out.write(HEADER);
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("thermo log " + path + ": " + e.getMessage(), e);
        }
    }

    public void write(MdState s, int dof, double conserved) {
        double k = s.kinetic();
        try {
            out.write(String.format(Locale.ROOT, "%d,%.4f,%.10f,%.10f,%.10f,%.6f,%.10f", s.step, s.timeFs, s.potential, k,
                    s.potential + k, s.temperature(dof), conserved));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("thermo log " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("thermo log " + path + ": " + e.getMessage(), e);
        }
    }
}
