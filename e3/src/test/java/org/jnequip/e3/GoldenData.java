package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnequip.tensor.GoldenFiles;
import org.jnequip.tensor.Json;

/** Reads golden JSON files (see shared/golden/README.md) for the e3 golden tests. */
final class GoldenData {
    private GoldenData() {}

    /** Every file matching the glob; fails the test when there is none. */
    static List<Path> files(String glob) {
        List<Path> l = GoldenFiles.matching(glob);
        assertFalse(l.isEmpty(), "no golden file matching " + glob + " in " + GoldenFiles.dir());
        return l;
    }

    static Map<String, Object> read(Path p) {
        try {
            return Json.obj(Json.read(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {"shape": [...], "data": [...]} → data as double[]. */
    static double[] data(Object array) {
        List<Object> d = Json.arr(Json.obj(array).get("data"));
        double[] out = new double[d.size()];
        for (int i = 0; i < out.length; i++) out[i] = Json.num(d.get(i));
        return out;
    }

    static int[] shape(Object array) {
        List<Object> s = Json.arr(Json.obj(array).get("shape"));
        int[] out = new int[s.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) s.get(i)).intValue();
        return out;
    }
}
