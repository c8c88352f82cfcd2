package org.jnequip.nequip.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jnequip.nequip.files.CheckedRead;

/**
 * The rMD17 protocol (Christensen &amp; von Lilienfeld 2020): N training + n_val validation frames drawn (seeded)
 * from a molecule's {@code rmd17_<mol>_train_01.extxyz}; never a frame of a {@code test_0N} file. What
 * {@code jnequip rmd17} needs that is not command-line handling: the molecules, where the data lives, the
 * test-split guard, the budget syntax, the frames of a file as they are written, and the results line.
 */
public final class Rmd17 {
    private Rmd17() {}

    /** The ten rMD17 molecules, by the names of the data files. */
    public static final List<String> MOLECULES = List.of("aspirin", "azobenzene", "benzene", "ethanol", "malonaldehyde",
            "naphthalene", "paracetamol", "salicylic", "toluene", "uracil");

    /** Environment variable naming the folder of the rmd17_&lt;mol&gt;_train_01.extxyz files. */
    public static final String DIR_ENV = "JNEQUIP_RMD17_DIR";

    /** {@code rmd17_<mol>_train_01.extxyz} in {@code $JNEQUIP_RMD17_DIR}, else in ../shared/data/rmd17 next to the checkout. */
    public static Path defaultData(String molecule, String envDir, Path checkout) {
        Path dir = envDir != null && !envDir.isBlank() ? Path.of(envDir) : checkout.resolve("../shared/data/rmd17").normalize();
        return dir.resolve("rmd17_" + molecule + "_train_01.extxyz");
    }

    /** The error for a missing data file: where it was looked for and where to get it. */
    public static String missingData(Path file, String molecule) {
        return file + ": no such file (rMD17 " + molecule + " training split 01). Get rMD17 (CC0) from figshare, doi:10.6084/m9.figshare.12672038,"
                + " or as npz from github.com/andersx/rmd17-npz, convert it to extended XYZ (energy eV, forces eV/Å), and pass --data FILE or set "
                + DIR_ENV + " to the folder holding rmd17_" + molecule + "_train_01.extxyz";
    }

    private static final Pattern TEST_SPLIT = Pattern.compile("(?:^|\\s)split=[\"']?(test_\\w*)");

    /**
     * Null if the file may be trained or validated on; else why not: its name says {@code _test_}, or a frame's
     * comment line carries {@code split=test_*} (the message names the line).
     */
    public static String testSplitReason(Path file, String text) {
        String name = file.getFileName().toString();
        if (name.contains("_test_"))
            return file + ": the name says it is a test split (_test_); rMD17 test frames are for the final check only (--test FILE), never for training or validation";
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].contains("split=")) continue;
            Matcher m = TEST_SPLIT.matcher(lines[i]);
            if (m.find())
                return file + ":" + (i + 1) + ": the frame says split=" + m.group(1) + "; rMD17 test frames are for the final check only (--test FILE), "
                        + "never for training or validation";
        }
        return null;
    }

    /** The text of an extended XYZ file, checked to be readable and not absurdly large. */
    public static String read(Path file) {
        return CheckedRead.text(file, "data file", 1L << 31);
    }

    /** The frames of an extended XYZ text exactly as written (count line, comment line, atom lines; each ends with a newline). */
    public static List<String> frames(Path file, String text) {
        String[] lines = text.split("\n", -1);
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            if (lines[i].isBlank()) {
                i++;
                continue;
            }
            int n;
            try {
                n = Integer.parseInt(lines[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected an atom count, found '" + lines[i].strip() + "'");
            }
            if (n < 0 || i + 2 + n > lines.length)
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": frame " + out.size() + " announces " + n + " atoms but the file ends first");
            StringBuilder b = new StringBuilder();
            for (int k = i; k < i + 2 + n; k++) b.append(lines[k]).append('\n');
            out.add(b.toString());
            i += 2 + n;
        }
        return out;
    }

    /** Seconds of a budget: "90s", "40m", "2h", "1h30m" or a plain number of seconds. */
    public static double budgetSeconds(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        if (t.matches("\\d+(\\.\\d+)?")) return positive(Double.parseDouble(t), s);
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)([hms])").matcher(t);
        double sec = 0;
        int at = 0;
        while (m.find()) {
            if (m.start() != at) break;
            double v = Double.parseDouble(m.group(1));
            sec += v * switch (m.group(2)) { case "h" -> 3600; case "m" -> 60; default -> 1; };
            at = m.end();
        }
        if (at != t.length() || at == 0)
            throw new IllegalArgumentException("--budget: cannot read '" + s + "'; give a wall-clock time like 90s, 40m, 2h or 1h30m");
        return positive(sec, s);
    }

    private static double positive(double v, String s) {
        if (!(v > 0)) throw new IllegalArgumentException("--budget must be positive, got '" + s + "'");
        return v;
    }

    /** "40m", "2h", "1h30m", "90s": a budget in seconds the way a person writes it. */
    public static String budgetText(double seconds) {
        long s = Math.round(seconds);
        if (s % 60 != 0 || s < 60) return s + "s";
        long m = s / 60;
        return m % 60 == 0 ? m / 60 + "h" : m >= 60 ? m / 60 + "h" + m % 60 + "m" : m + "m";
    }

    /** The metrics of {@code evaluate --json} (eV, eV/Å) with the file name they were measured on, for results.json. */
    public static Map<String, Object> scored(Map<String, Double> metrics, String file) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (file != null) m.put("file", file);
        m.putAll(metrics);
        return m;
    }

    /**
     * The results line: "ethanol N=50 small budget 40m: 812 epochs (best 790); validation (50 frames) E MAE 1.23 / RMSE
     * 1.61 meV, F MAE 10.2 / RMSE 14.1 meV/Å".
     */
    public static String line(String molecule, int nTrain, int nVal, String model, double budgetS, int epochs, int bestEpoch, Map<String, Double> v) {
        return String.format(Locale.ROOT, "%s N=%d %s budget %s: %d epoch%s (best %d); validation (%d frames) E MAE %s / RMSE %s meV, F MAE %s / RMSE %s meV/Å",
                molecule, nTrain, model, budgetText(budgetS), epochs, epochs == 1 ? "" : "s", bestEpoch, nVal, milli(v.get("e_mae")), milli(v.get("e_rmse")),
                milli(v.get("f_mae")), milli(v.get("f_rmse")));
    }

    /** 1000 x, three significant digits without an exponent: "0.412", "12.3", "853", "1160". */
    static String milli(double x) {
        double v = 1e3 * x;
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** "2-core AMD EPYC 7B13": the processors this JVM may use and the CPU model (Linux), else the architecture. */
    public static String hardware() {
        String model = System.getProperty("os.arch");
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo")))
                if (l.startsWith("model name")) {
                    model = l.substring(l.indexOf(':') + 1).strip();
                    break;
                }
        } catch (Exception ignored) {
            // not Linux: the architecture stands in
        }
        return Runtime.getRuntime().availableProcessors() + "-core " + model;
    }
}
