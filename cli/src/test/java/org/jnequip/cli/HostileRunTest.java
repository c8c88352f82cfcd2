package org.jnequip.cli;

import static org.jnequip.cli.Hostile.*;
import static org.junit.jupiter.api.Assertions.*;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jnequip.nequip.data.ExtXyz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * md and serve in states that cannot go on: a structure with atoms on top of one another, a periodic cell far too
 * small for the molecule, a socket that cannot exist; and what a run of zero steps and a closed connection report.
 */
class HostileRunTest {
    @TempDir Path tmp;

    private String[] md(Path structure, String... extra) {
        String[] base = {"md", "--model", demoModel().toString(), "--structure", structure.toString(), "--out", tmp.resolve("md").toString(),
                "--thermo-every", "1", "--traj-every", "1"};
        String[] a = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, a, base.length, extra.length);
        return a;
    }

    @Test
    void mdRefusesAStartWithAtomsOnTopOfOneAnother() throws Exception {
        String[] lines = ethanolFrames(1).split("\n");
        lines[3] = "C" + lines[2].substring(1);
        Path p = write(tmp, "twice.extxyz", String.join("\n", lines) + "\n");
        says(fails(md(p, "--steps", "10")), p + ": frame 0: atoms 0 (C) and 1 (C) are 0.0000 Å apart, closer than --min-distance 0.5 Å");
        assertFalse(Files.exists(tmp.resolve("md")), "outputs written");
    }

    /**
     * Ethanol in a periodic 2 Å box: atoms meet their neighbours' images at 0.23 Å. The start is refused; with the
     * distance limit off, the first step heats the box to ~1e8 K (it used to run on and exit 0), which stops the run
     * at that step with the files whole up to it.
     */
    @Test
    void mdInATinyCellStopsAndSaysWhere() throws Exception {
        Path p = write(tmp, "box2.extxyz", ethanolFrames(1).replace("pbc=\"F F F\"", "Lattice=\"2 0 0 0 2 0 0 0 2\" pbc=\"T T T\""));
        says(fails(md(p, "--steps", "5")), p + ": frame 0: atom", "(periodic image) are 0.2304 Å apart, closer than --min-distance 0.5 Å");
        String m = fails(md(p, "--steps", "5", "--min-distance", "0"));
        says(m, "md: stopped at step 1: temperature ", "K is above the limit of 1.00e+05 K");
        List<String> thermo = Files.readAllLines(tmp.resolve("md/thermo.csv"));
        assertEquals(3, thermo.size(), "header, steps 0 and 1: " + thermo);
        for (String l : thermo) assertEquals(7, l.split(",").length, l);
        assertEquals(2, ExtXyz.read(tmp.resolve("md/trajectory.xyz")).size());
    }

    @Test
    void mdOfZeroStepsReportsTheStartingState() throws Exception {
        CliTestSupport.Run r = CliTestSupport.run(md(write(tmp, "one.extxyz", ethanolFrames(1)), "--steps", "0", "--temperature", "300"));
        assertEquals(0, r.status(), r.err());
        says(r.out(), "0 steps of 0.500 fs", "<T> = 300.0 K", "<U> = -309.89");
        assertFalse(r.err().contains("\r"), "a progress bar in a log: " + r.err());
    }

    @Test
    void serveFailsAtOnceWhereNoServerCanListen() throws Exception {
        Path one = write(tmp, "one.extxyz", ethanolFrames(1));
        long t0 = System.nanoTime();
        Path sock = tmp.resolve("no/such/dir/sock");
        says(fails("serve", "--model", demoModel().toString(), "--structure", one.toString(), "--unix", sock.toString()),
                "ipi: cannot connect to UNIX socket " + sock + ": directory " + sock.getParent() + " does not exist");
        says(fails("serve", "--model", demoModel().toString(), "--structure", one.toString(), "--unix", one.toString()),
                one + " is a regular file, not a socket");
        says(fails("serve", "--model", demoModel().toString(), "--structure", one.toString(), "--host", "no-such-host.invalid", "--port", "31415"),
                "unknown host 'no-such-host.invalid'");
        assertTrue((System.nanoTime() - t0) * 1e-9 < 30, "waited for the --timeout (60 s)");
    }

    /** A server that accepts and closes: serve ends normally and says so once. */
    @Test
    void serveSaysHowItEndedOnce() throws Exception {
        Path sock = tmp.resolve("s");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            CompletableFuture<Void> accept = CompletableFuture.runAsync(() -> {
                try (SocketChannel c = server.accept()) {
                    // closes at once
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            CliTestSupport.Run r = CliTestSupport.run("serve", "--model", demoModel().toString(), "--structure",
                    write(tmp, "one.extxyz", ethanolFrames(1)).toString(), "--unix", sock.toString(), "--timeout", "20");
            accept.join();
            assertEquals(0, r.status(), r.err());
            String all = r.out() + r.err();
            assertEquals(1, all.split("closed the connection", -1).length - 1, all);
        }
    }
}
