package org.jnequip.nequip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jnequip.autograd.Var;
import org.jnequip.nequip.io.Json;
import org.jnequip.tensor.Tensor;

/**
 * The golden reference files (shared/golden, see its README) for the tests that compare with e3nn 0.5.1 and
 * nequip 0.6.2: where they are, and their array encoding {"shape": [...], "data": [...]}. The folder is
 * {@code $JNEQUIP_GOLDEN_DIR} when set, else {@link TestDirs#shared}("golden"). The golden tests of module e3
 * live in this module's test tree (package org.jnequip.e3) because reading the files needs the JSON reader of
 * {@code nequip.io}, which e3 cannot see.
 */
public final class Golden {
    private Golden() {}

    /** The golden folder; IllegalStateException when there is none. */
    public static Path dir() {
        String env = System.getenv("JNEQUIP_GOLDEN_DIR");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) return p;
            throw new IllegalStateException("JNEQUIP_GOLDEN_DIR=" + env + " is not a directory");
        }
        Path p = TestDirs.shared("golden");
        if (p == null) throw new IllegalStateException("golden folder not found: no shared/golden above " + TestDirs.repoRoot() + "; set JNEQUIP_GOLDEN_DIR");
        return p;
    }

    /** Files of the golden folder whose name matches the glob (e.g. "wigner_3j*.json"), sorted by name. */
    public static List<Path> matching(String glob) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir(), glob)) {
            for (Path p : ds) if (Files.isRegularFile(p)) out.add(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list golden folder: " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    /** Every file matching the glob; fails the test when there is none. */
    public static List<Path> files(String glob) {
        List<Path> l = matching(glob);
        assertFalse(l.isEmpty(), "no golden file matching " + glob + " in " + dir());
        return l;
    }

    public static Map<String, Object> read(Path p) {
        try {
            return Json.obj(Json.read(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int[] shape(Object array) {
        List<Object> s = Json.arr(Json.obj(array).get("shape"));
        int[] out = new int[s.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) s.get(i)).intValue();
        return out;
    }

    public static double[] data(Object array) {
        List<Object> d = Json.arr(Json.obj(array).get("data"));
        double[] out = new double[d.size()];
        for (int i = 0; i < out.length; i++) out[i] = Json.num(d.get(i));
        return out;
    }

    /** The array as a float64 tensor. */
    public static Tensor tensor(Object array) { return Tensor.of(data(array), shape(array)); }

    /** max |a − b|. */
    public static double maxDiff(double[] a, double[] b) {
        if (a.length != b.length) throw new AssertionError("length " + b.length + ", want " + a.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Double.isNaN(b[i]) ? Double.POSITIVE_INFINITY : Math.abs(a[i] - b[i]));
        return m;
    }

    /** max |want − got| after checking the shape; fails naming {@code what} when it exceeds tol. */
    public static double close(Tensor want, Var got, double tol, String what) {
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        double[] w = want.toDoubleArray(), g = got.value().toDoubleArray();
        double worst = maxDiff(w, g);
        if (!(worst <= tol)) assertArrayEquals(w, g, tol, what);   // names the first element out of tolerance
        return worst;
    }
}
