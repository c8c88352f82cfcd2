package org.jnequip.lammps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A LAMMPS input file cut into commands as LAMMPS reads it: a line ending in {@code &} continues on the next
 * one, a {@code """} quote may span lines. {@link #words} splits a command into words (quotes group,
 * {@code #} outside quotes starts a comment) so JNequIP can recognise the few commands it translates; every
 * other command goes to LAMMPS as written, which substitutes variables itself.
 */
final class InputScript {
    private InputScript() {}

    /** One command: its text and where it starts (file:line), for messages. */
    record Command(String text, String where) {}

    static List<Command> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the input (" + e.getMessage() + ")");
        }
        List<Command> out = new ArrayList<>();
        String name = file.getFileName() != null ? file.getFileName().toString() : file.toString();
        for (int i = 0; i < lines.size(); i++) {
            int first = i;
            StringBuilder cmd = new StringBuilder(lines.get(i));
            while (true) {
                String t = cmd.toString().stripTrailing();
                boolean continued = t.endsWith("&"), openQuote = count(t, "\"\"\"") % 2 == 1;
                if (!continued && !openQuote) break;
                if (i + 1 >= lines.size())
                    throw new IllegalArgumentException(name + ":" + (first + 1) + ": " + (openQuote ? "unclosed \"\"\" quote" : "'&' continues past the end of the file"));
                cmd.setLength(0);
                cmd.append(continued && !openQuote ? t.substring(0, t.length() - 1) + " " : t + "\n").append(lines.get(++i));
            }
            out.add(new Command(cmd.toString(), name + ":" + (first + 1)));
        }
        return out;
    }

    /** Words of a command without its comment; quotes are removed from a quoted word. Empty for a blank or comment line. */
    static List<String> words(String command) {
        List<String> w = new ArrayList<>();
        int i = 0, n = command.length();
        while (i < n) {
            char c = command.charAt(i);
            if (Character.isWhitespace(c)) { i++; continue; }
            if (c == '#') break;
            if (command.startsWith("\"\"\"", i)) {
                int end = command.indexOf("\"\"\"", i + 3);
                if (end < 0) end = n - 3;
                w.add(command.substring(i + 3, Math.max(i + 3, end)));
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                int end = command.indexOf(c, i + 1);
                if (end < 0) end = n;
                w.add(command.substring(i + 1, end));
                i = end + 1;
            } else {
                int s = i;
                while (i < n && !Character.isWhitespace(command.charAt(i))) i++;
                w.add(command.substring(s, i));
            }
        }
        return w;
    }

    private static int count(String s, String sub) {
        int c = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) c++;
        return c;
    }
}
