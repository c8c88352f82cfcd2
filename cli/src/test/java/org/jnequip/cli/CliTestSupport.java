package org.jnequip.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jnequip.nequip.train.Models;
import org.jnequip.nequip.train.Potential;

/** Runs the command line in-process and captures its output. */
final class CliTestSupport {
    private CliTestSupport() {}

    record Run(int status, String out, String err) {}

    static Run run(String... args) { return run(Models.nequip(), args); }

    /** The command line with another model factory (what {@code Main.run(factory, args)} passes to the commands). */
    static synchronized Run run(Potential.Factory factory, String... args) {
        PrintStream o = System.out, e = System.err;
        ByteArrayOutputStream bo = new ByteArrayOutputStream(), be = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bo, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(be, true, StandardCharsets.UTF_8));
            int s = Main.run(factory, args);
            return new Run(s, bo.toString(StandardCharsets.UTF_8), be.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }

    static Path repoRoot() {
        String p = System.getProperty("jnequip.repoRoot");
        if (p != null && !p.isBlank()) return Path.of(p);
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent())
            if (Files.isDirectory(d.resolve("configs")) && Files.isDirectory(d.resolve("cli"))) return d;
        throw new IllegalStateException("repository root not found");
    }

    static Path ethanol() { return repoRoot().resolve("data/ethanol-gfn2xtb-500K/ethanol.extxyz"); }
}
