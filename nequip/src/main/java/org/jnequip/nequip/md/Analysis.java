package org.jnequip.nequip.md;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.files.AtomicFiles;
import org.jnequip.nequip.plot.LinePlot;

/**
 * Entry points for the NequIP paper's trajectory analyses (RDF, ADF, MSD/diffusivity), with CSV and PNG output.
 * The math lives in {@link Rdf}, {@link Adf} and {@link Msd}.
 *
 * {@snippet :
 * List<Structure> traj = Analysis.read(Path.of("traj.xyz"));
 * Rdf.Result g = Analysis.rdf(traj, 6.0, 120);
 * Analysis.writeRdf(g, Path.of("rdf.csv"), Path.of("rdf.png"));
 * }
 */
public final class Analysis {
    private Analysis() {}

    /** All frames of an extxyz trajectory (the shared reader; velocities are dropped). */
    public static List<Structure> read(Path extxyz) { return ExtXyz.read(extxyz); }

    /** g(r) total and per element pair over [0, rmax] in {@code bins} bins. */
    public static Rdf.Result rdf(List<Structure> frames, double rmax, int bins) { return Rdf.compute(frames, rmax, bins); }

    /** Angle distribution at centres of element {@code centre} with neighbours of elements a and b within cutoff. */
    public static Adf.Result adf(List<Structure> frames, int centre, int a, int b, double cutoff, int bins) {
        return Adf.compute(frames, centre, a, b, cutoff, bins);
    }

    /** MSD per element; frames wrapped into the cell are unwrapped when {@code unwrap}. */
    public static Msd.Result msd(List<Structure> frames, double frameIntervalFs, int maxLag, boolean unwrap, boolean removeDrift) {
        return Msd.compute(frames, frameIntervalFs, maxLag, unwrap, removeDrift);
    }

    /** D of one MSD curve ("all" or an element symbol) from a line fit over [tStart, tEnd] ps. */
    public static Msd.Diffusivity diffusivity(Msd.Result m, String key, double tStartPs, double tEndPs) {
        double[] y = m.msd().get(key);
        if (y == null) throw new IllegalArgumentException("msd: no curve '" + key + "', have " + m.msd().keySet());
        return Msd.diffusivity(m.timePs(), y, tStartPs, tEndPs);
    }

    public static void writeRdf(Rdf.Result g, Path csv, Path png) {
        List<String> names = new ArrayList<>(List.of("r_A", "g_total"));
        List<double[]> cols = new ArrayList<>(List.of(g.r(), g.total()));
        LinePlot p = new LinePlot("Radial distribution function", "r (Å)", "g(r)").series("total", g.r(), g.total());
        for (Map.Entry<String, double[]> e : g.partial().entrySet()) {
            names.add("g_" + e.getKey());
            cols.add(e.getValue());
            if (g.partial().size() > 1) p.series(e.getKey(), g.r(), e.getValue());
        }
        if (csv != null) writeCsv(csv, names, cols);
        if (png != null) png(p, png);
    }

    public static void writeAdf(Adf.Result a, String label, Path csv, Path png) {
        if (csv != null) writeCsv(csv, List.of("angle_deg", "density_per_deg"), List.of(a.angleDeg(), a.density()));
        if (png != null) png(new LinePlot("Angular distribution " + label, "angle (degrees)", "p(θ) (1/degree)")
                .series(label, a.angleDeg(), a.density()), png);
    }

    public static void writeMsd(Msd.Result m, Path csv, Path png) {
        List<String> names = new ArrayList<>(List.of("time_ps"));
        List<double[]> cols = new ArrayList<>(List.of(m.timePs()));
        LinePlot p = new LinePlot("Mean-square displacement", "time (ps)", "MSD (Å²)");
        for (Map.Entry<String, double[]> e : m.msd().entrySet()) {
            names.add("msd_" + e.getKey() + "_A2");
            cols.add(e.getValue());
            p.series(e.getKey(), m.timePs(), e.getValue());
        }
        if (csv != null) writeCsv(csv, names, cols);
        if (png != null) png(p, png);
    }

    private static void png(LinePlot p, Path png) {
        try {
            p.write(png, 800, 500);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);      // names the file and the cause
        }
    }

    /** Columns of equal length as CSV with a header line. */
    public static void writeCsv(Path csv, List<String> header, List<double[]> columns) {
        int rows = columns.get(0).length;
        for (double[] c : columns) if (c.length != rows) throw new IllegalArgumentException("csv " + csv + ": columns differ in length");
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < columns.size(); c++) sb.append(c > 0 ? "," : "").append(String.format(Locale.ROOT, "%.8g", columns.get(c)[i]));
            sb.append('\n');
        }
        try {
            AtomicFiles.writeString(csv, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
