package org.jnequip.nequip.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One fixture per kind of malformed extended XYZ (src/test/resources/malformed): each must fail with a
 * {@link DataFormatException} whose message names the file, the frame, the line and the field, and says
 * what is wrong.
 */
class ExtXyzMalformedTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "truncated.extxyz       | 1 | 10 | atoms      | expected 9 atom lines (the atom count on line 5), but the file ended after 4",
        "wrong_columns.extxyz   | 0 | 4  | columns    | wrong column count: expected 7",
        "non_numeric.extxyz     | 0 | 4  | pos        | non-numeric value '0.7x57' in column 3",
        "missing_lattice.extxyz | 0 | 2  | Lattice    | missing Lattice for a periodic frame",
        "unknown_element.extxyz | 0 | 4  | species    | unknown element symbol 'Xx'",
        "nan_forces.extxyz      | 1 | 7  | forces     | non-finite value 'nan' in column 6",
        "bad_count.extxyz       | 0 | 1  | atom count | bad atom-count line 'three'",
    })
    void malformedFixture(String file, int frame, int line, String field, String detail) throws URISyntaxException {
        var url = getClass().getResource("/malformed/" + file);
        assertNotNull(url, file);
        Path p = Path.of(url.toURI());
        DataFormatException e = assertThrows(DataFormatException.class, () -> ExtXyz.read(p));
        String m = e.getMessage();
        assertTrue(m.contains(p.toString()), m);
        assertTrue(m.contains("frame " + frame + ","), m);
        assertTrue(m.contains("line " + line + ","), m);
        assertTrue(m.contains("field '" + field + "'"), m);
        assertTrue(m.contains(detail), m);
        assertEquals(frame, e.frame());
        assertEquals(line, e.line());
        assertEquals(field, e.field());
    }

    /** Streaming: the frames before the bad one are delivered, then the error; nothing is silently dropped. */
    @ParameterizedTest
    @CsvSource({"truncated.extxyz, 1", "nan_forces.extxyz, 1"})
    void streamingDeliversGoodFramesThenFails(String file, int good) throws Exception {
        Path p = Path.of(getClass().getResource("/malformed/" + file).toURI());
        try (ExtXyzReader r = ExtXyz.open(p, ExtXyz.Options.DEFAULT)) {
            for (int i = 0; i < good; i++) assertNotNull(r.next());
            assertThrows(DataFormatException.class, r::hasNext);
        }
    }

    @org.junit.jupiter.api.Test
    void missingFileOrDirectoryIsNamed(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path missing = dir.resolve("nowhere.extxyz");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExtXyz.read(missing));
        assertEquals(missing + ": extxyz file not found", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExtXyz.read(dir));
        assertEquals(dir + ": is a directory, not a file (extxyz file expected)", e.getMessage());
    }
}
