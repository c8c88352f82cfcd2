package org.jnequip.nequip.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jnequip.nequip.files.AtomicFiles;
import org.jnequip.nequip.files.CheckedRead;

/**
 * The per-epoch metrics table ({@code metrics.csv}): one row per epoch, columns fixed by the first row
 * (epoch, wall, cumulative_wall, LR, training_*, validation_*), values in data units (eV, eV/Å, s). The
 * whole file is rewritten atomically after each epoch, so it never holds a torn line; on resume, rows after
 * the checkpoint's epoch are dropped.
 */
public final class MetricsLog {
    private final Path file;
    private final List<String> columns = new ArrayList<>();
    private final List<Map<String, Double>> rows = new ArrayList<>();

    public MetricsLog(Path file) { this.file = file; }

    public List<Map<String, Double>> rows() { return rows; }

    public void add(Map<String, Double> row) throws IOException {
        for (String k : row.keySet()) if (!columns.contains(k)) columns.add(k);
        columns.sort(java.util.Comparator.comparingInt(MetricsLog::rank));      // stable: keeps first-seen order within a group
        rows.add(new LinkedHashMap<>(row));
        AtomicFiles.writeString(file, render());
    }

    private static int rank(String column) {
        int fixed = List.of("epoch", "LR", "wall", "cumulative_wall").indexOf(column);
        return fixed >= 0 ? fixed : column.startsWith("training_") ? 10 : column.startsWith("validation_") ? 11 : 12;
    }

    String render() {
        StringBuilder b = new StringBuilder(String.join(",", columns)).append('\n');
        for (Map<String, Double> r : rows) {
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) b.append(',');
                Double v = r.get(columns.get(i));
                if (v != null) b.append(columns.get(i).equals("epoch") ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.9g", v));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Reads an existing file, keeping rows with epoch ≤ {@code lastEpoch}, and rewrites it. */
    public static MetricsLog resume(Path file, int lastEpoch) throws IOException {
        MetricsLog log = parse(file);
        log.rows.removeIf(r -> r.get("epoch") == null || r.get("epoch") > lastEpoch);
        if (!log.columns.isEmpty()) AtomicFiles.writeString(file, log.render());
        return log;
    }

    /** Parses a metrics.csv into rows (for plotting). */
    public static List<Map<String, Double>> read(Path file) throws IOException { return parse(file).rows; }

    private static MetricsLog parse(Path file) throws IOException {
        MetricsLog log = new MetricsLog(file);
        if (!Files.isRegularFile(file)) return log;
        List<String> lines = List.of(CheckedRead.text(file, "metrics file", 1L << 30).split("\\R"));
        if (lines.isEmpty() || lines.get(0).isEmpty()) return log;
        String[] head = lines.get(0).split(",", -1);
        log.columns.addAll(List.of(head));
        for (int k = 1; k < lines.size(); k++) {
            if (lines.get(k).isBlank()) continue;
            String[] f = lines.get(k).split(",", -1);
            Map<String, Double> row = new LinkedHashMap<>();
            for (int i = 0; i < Math.min(f.length, head.length); i++) {
                if (f[i].isEmpty()) continue;
                try {
                    row.put(head[i], Double.parseDouble(f[i]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ":" + (k + 1) + ": column '" + head[i] + "': '" + f[i] + "' is not a number (damaged file)");
                }
            }
            log.rows.add(row);
        }
        return log;
    }
}
