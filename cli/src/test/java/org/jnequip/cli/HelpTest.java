package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class HelpTest {
    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[]{"train", "evaluate", "info", "demo", "rmd17"}) {
            CliTestSupport.Run r = CliTestSupport.run(cmd, "--help");
            assertEquals(0, r.status(), cmd);
            assertTrue(r.out().contains("Usage: jnequip " + cmd), cmd + ": " + r.out());
        }
        CliTestSupport.Run top = CliTestSupport.run("--help");
        assertEquals(0, top.status());
        for (String cmd : new String[]{"train", "evaluate", "info", "demo", "rmd17"}) assertTrue(top.out().contains(cmd));
    }

    @Test
    void usageErrorsExitWithTwo() {
        CliTestSupport.Run r = CliTestSupport.run("evaluate", "--model", "x.safetensors");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("Missing required option: '--data=DATA'"), r.err());
        assertEquals(2, CliTestSupport.run("trian").status());
    }

    /**
     * Every command and subcommand prints whole help: nothing wider than picocli's 80 columns (wider lines get
     * re-wrapped mid-sentence), and the one-line summaries in the command lists are whole sentences.
     */
    @Test
    void helpIsWholeForEveryCommand() {
        java.util.List<String> commands = new java.util.ArrayList<>();
        collect(new picocli.CommandLine(new Main(org.jnequip.nequip.train.Models.nequip())), "", commands);
        assertTrue(commands.size() >= 12, commands.toString());
        for (String cmd : commands) {
            String[] args = (cmd + " --help").strip().split(" ");
            CliTestSupport.Run r = CliTestSupport.run(args);
            assertEquals(0, r.status(), cmd);
            assertEquals("", r.err(), cmd);
            for (String line : r.out().split("\n"))
                assertTrue(line.codePointCount(0, line.length()) <= 80, cmd + ": line wider than 80 columns: " + line);
        }
    }

    private static void collect(picocli.CommandLine cl, String prefix, java.util.List<String> out) {
        out.add(prefix.strip());
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) return;
            String[] d = sub.getCommandSpec().usageMessage().description();
            assertTrue(d.length > 0 && d[0].endsWith("."), "summary of '" + prefix + name + "' is not a whole sentence: " + java.util.Arrays.toString(d));
            assertTrue(d[0].length() <= 68, "summary of '" + prefix + name + "' wraps in the command list: " + d[0]);
            collect(sub, prefix + name + " ", out);
        });
    }

    /** The launcher's stderr filter drops the JVM's incubator warning (first line only) and passes everything else on. */
    @Test
    void launcherDropsOnlyTheIncubatorWarning() throws Exception {
        java.nio.file.Path script = CliTestSupport.repoRoot().resolve("scripts/drop-incubator-warning.sh");
        String in = "WARNING: Using incubator modules: jdk.incubator.vector\nmd [###...] 1/5\rmd [#####] 5/5\nerror: x\n"
                + "WARNING: Using incubator modules: later lines are kept\nWARNING: something else\n";
        Process p = new ProcessBuilder("bash", script.toString()).start();
        try (var os = p.getOutputStream()) {
            os.write(in.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertEquals(in.substring(in.indexOf('\n') + 1), out);
        p = new ProcessBuilder("bash", script.toString()).start();
        try (var os = p.getOutputStream()) {
            os.write("error: no newline at the end".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals("error: no newline at the end", new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
}
