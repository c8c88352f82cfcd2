package org.jnequip.lammps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands and words as LAMMPS reads them: continuation lines, quotes, comments; locations for messages. */
class InputScriptTest {
    @TempDir Path dir;

    @Test
    void joinsContinuedLinesAndKeepsWhereEachCommandStarts() {
        Path f = LammpsTestSupport.write(dir, "in.test", "units metal\n\npair_coeff * * model.pth &\n   O H   \nprint \"\"\"\ntwo\nlines\"\"\"\nrun 10 # comment\n");
        List<InputScript.Command> c = InputScript.read(f);
        assertEquals(List.of("in.test:1", "in.test:2", "in.test:3", "in.test:5", "in.test:8"), c.stream().map(InputScript.Command::where).toList());
        assertEquals(List.of("pair_coeff", "*", "*", "model.pth", "O", "H"), InputScript.words(c.get(2).text()));
        assertEquals(List.of("print", "\ntwo\nlines"), InputScript.words(c.get(3).text()));
        assertEquals(List.of("run", "10"), InputScript.words(c.get(4).text()));
        assertTrue(InputScript.words(c.get(1).text()).isEmpty(), "blank line");
    }

    @Test
    void quotesGroupWordsAndHideComments() {
        assertEquals(List.of("print", "a # b", "it's"), InputScript.words("print 'a # b' \"it's\"  # trailing"));
        assertTrue(InputScript.words("   # only a comment").isEmpty());
    }

    @Test
    void refusesAContinuationPastTheEnd() {
        Path f = LammpsTestSupport.write(dir, "in.bad", "units metal\nrun 10 &\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputScript.read(f));
        assertEquals("in.bad:2: '&' continues past the end of the file", e.getMessage());
        IllegalArgumentException q = assertThrows(IllegalArgumentException.class, () -> InputScript.read(LammpsTestSupport.write(dir, "in.q", "print \"\"\"open\n")));
        assertEquals("in.q:1: unclosed \"\"\" quote", q.getMessage());
    }
}
