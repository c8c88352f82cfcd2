package org.jnequip.nequip.ipi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jnequip.nequip.md.ForceField;
import org.jnequip.nequip.md.LennardJones;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * IpiClient against a Java-side fake i-PI server over a UNIX socket (and TCP): energies, forces and virials the
 * server receives equal a direct evaluation at the positions it sent (units converted both ways), and the client
 * reports EXIT and a closed connection cleanly.
 */
class IpiClientTest {
    static final double[] CELL = {10.6, 0, 0, 1.2, 10.4, 0, -0.7, 0.5, 10.9}; // skewed: catches a transposed cell
    static final boolean[] PBC = {true, true, true};
    final ExecutorService pool = Executors.newSingleThreadExecutor();
    final List<String> log = new ArrayList<>();

    @AfterEach
    void shutdown() { pool.shutdownNow(); }

    static Path socketFile(String tag) {
        return Path.of("/tmp/ipi_jnequip_" + tag + "_" + ProcessHandle.current().pid());
    }

    static double[] argonBox(SplittableRandom rng) {
        double[][] basis = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
        double[] pos = new double[3 * 32];
        int at = 0;
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) for (int k = 0; k < 2; k++)
            for (double[] b : basis) {
                double fa = (i + b[0]) / 2, fb = (j + b[1]) / 2, fc = (k + b[2]) / 2;
                for (int x = 0; x < 3; x++) pos[3 * at + x] = fa * CELL[x] + fb * CELL[3 + x] + fc * CELL[6 + x] + 0.1 * rng.nextGaussian();
                at++;
            }
        return pos;
    }

    Future<IpiClient.Outcome> startClient(String address, ForceField ff, int[] z, boolean[] pbc) {
        IpiClient.Options o = new IpiClient.Options(address, 10, IpiUnits.ASE, log::add);
        return pool.submit(() -> IpiClient.serve(o, ff, z, pbc, null));
    }

    @Test
    void twentyFiveStepsOverUnixSocketMatchDirectEvaluation() throws Exception {
        Path file = socketFile("unix");
        LennardJones lj = LennardJones.argon(), direct = new LennardJones(0.0104, 3.40, 8.5, true, 0);
        int[] z = new int[32];
        java.util.Arrays.fill(z, 18);
        try (FakeIpiServer s = FakeIpiServer.unix(file, IpiUnits.ASE)) {
            Future<IpiClient.Outcome> client = startClient("unix:" + file.getFileName().toString().substring(4), lj, z, PBC);
            s.accept();
            assertEquals("READY", s.status());
            s.init();
            SplittableRandom rng = new SplittableRandom(8);
            double[] pos = argonBox(rng);
            double maxE = 0, maxF = 0;
            for (int step = 0; step < 25; step++) {
                for (int k = 0; k < pos.length; k++) pos[k] += 0.03 * rng.nextGaussian();
                assertEquals("READY", s.status());
                s.sendPositions(CELL, pos);
                assertEquals("HAVEDATA", s.status());
                FakeIpiServer.Forces got = s.getForce();
                // direct evaluation at what the client decodes: positions and cell through Bohr and back
                ForceField.Result ref = direct.compute(roundTrip(pos), z, roundTrip(CELL), PBC);
                assertEquals(ref.energy(), got.energy(), 1e-12 * Math.abs(ref.energy()), "energy at step " + step);
                for (int k = 0; k < pos.length; k++) assertEquals(ref.forces()[k], got.forces()[k], 1e-12, "force at step " + step);
                for (int k = 0; k < 9; k++) assertEquals(ref.virial()[k], got.virial()[k], 1e-11, "virial at step " + step);
                assertEquals(0, got.extra().length);
                maxE = Math.max(maxE, Math.abs(ref.energy() - got.energy()));
                for (int k = 0; k < pos.length; k++) maxF = Math.max(maxF, Math.abs(ref.forces()[k] - got.forces()[k]));
            }
            s.exit();
            IpiClient.Outcome out = client.get(10, TimeUnit.SECONDS);
            assertEquals(IpiClient.Exit.EXIT_MESSAGE, out.reason());
            assertEquals(25, out.steps());
            System.out.printf("i-PI fake server, 25 steps: max |dE| %.1e eV, max |dF| %.1e eV/Å%n", maxE, maxF);
        }
        assertTrue(log.get(0).startsWith("connected to i-PI server at UNIX socket"), log.toString());
        assertEquals("i-PI server sent EXIT after 25 steps", log.get(log.size() - 1));
    }

    static double[] roundTrip(double[] a) {
        double b = IpiUnits.ASE.bohrInAngstrom();
        double[] r = new double[a.length];
        for (int k = 0; k < a.length; k++) r[k] = (a[k] / b) * b;
        return r;
    }

    @Test
    void serverClosingTheConnectionEndsTheClientCleanly() throws Exception {
        Path file = socketFile("close");
        int[] z = new int[32];
        try (FakeIpiServer s = FakeIpiServer.unix(file, IpiUnits.ASE)) {
            Future<IpiClient.Outcome> client = startClient(file.toString(), LennardJones.argon(), z, PBC);
            s.accept();
            double[] pos = argonBox(new SplittableRandom(1));
            for (int step = 0; step < 7; step++) {
                s.status();
                s.sendPositions(CELL, pos);
                s.status();
                s.getForce();
            }
            s.closeConnection();
            IpiClient.Outcome out = client.get(10, TimeUnit.SECONDS);
            assertEquals(IpiClient.Exit.SERVER_CLOSED, out.reason());
            assertEquals(7, out.steps());
            assertEquals("i-PI server closed the connection after 7 steps", out.message());
        }
    }

    /** A force field with a deliberately non-symmetric virial: the server must read back exactly what was given. */
    @Test
    void virialLayoutAndMoleculeOverTcp() throws Exception {
        double[] vir = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        double[][] seen = new double[1][];
        ForceField stub = new ForceField() {
            public Result compute(double[] p, int[] z, double[] cell, boolean[] pbc) {
                seen[0] = cell;
                double[] f = new double[p.length];
                for (int k = 0; k < p.length; k++) f[k] = -2 * p[k];
                return new Result(-1.5, f, vir);
            }
            public double cutoff() { return 5; }
        };
        try (FakeIpiServer s = FakeIpiServer.tcp(IpiUnits.CODATA_2018)) {
            IpiClient.Options o = new IpiClient.Options("localhost:" + s.port(), 10, IpiUnits.CODATA_2018, null);
            Future<IpiClient.Outcome> client = pool.submit(() -> IpiClient.serve(o, stub, new int[]{8, 1, 1}, new boolean[3], null));
            s.accept();
            double[] pos = {0, 0, 0, 0.96, 0, 0, -0.24, 0.93, 0};
            s.status();
            s.sendPositions(null, pos);
            assertEquals("HAVEDATA", s.status());
            FakeIpiServer.Forces got = s.getForce();
            assertEquals(-1.5, got.energy(), 1e-15);
            assertArrayEquals(vir, got.virial(), 1e-14);
            for (int k = 0; k < 9; k++) assertEquals(-2 * pos[k], got.forces()[k], 1e-14);
            assertEquals(null, seen[0], "a molecule gets no cell");
            s.closeConnection();
            assertEquals(1, client.get(10, TimeUnit.SECONDS).steps());
        }
    }

    /** A NaN from the force field (atoms on one spot) is an error, never sent to the server as forces. */
    @Test
    void nonFiniteForcesAreNotSent() throws Exception {
        ForceField nan = new ForceField() {
            public Result compute(double[] p, int[] z, double[] cell, boolean[] pbc) {
                double[] f = new double[p.length];
                f[4] = Double.NaN;
                return new Result(-1.0, f, null);
            }
            public double cutoff() { return 5; }
        };
        try (FakeIpiServer s = FakeIpiServer.tcp(IpiUnits.ASE)) {
            IpiClient.Options o = new IpiClient.Options("localhost:" + s.port(), 10, IpiUnits.ASE, null);
            Future<IpiClient.Outcome> client = pool.submit(() -> IpiClient.serve(o, nan, new int[]{1, 1}, new boolean[3], null));
            s.accept();
            s.status();
            s.sendPositions(null, new double[]{0, 0, 0, 0, 0, 0});
            assertEquals("HAVEDATA", s.status());
            assertThrows(IOException.class, s::getForce);
            ExecutionException e = assertThrows(ExecutionException.class, () -> client.get(10, TimeUnit.SECONDS));
            assertEquals("ipi: the force field gave a non-finite energy or force for step 0 (atoms on top of one another?); not sending it to "
                    + "the server", e.getCause().getMessage());
        }
    }

    @Test
    void wrongAtomCountIsAClearError() throws Exception {
        Path file = socketFile("count");
        try (FakeIpiServer s = FakeIpiServer.unix(file, IpiUnits.ASE)) {
            Future<IpiClient.Outcome> client = startClient(file.toString(), LennardJones.argon(), new int[5], PBC);
            s.accept();
            s.status();
            try {
                s.sendPositions(CELL, argonBox(new SplittableRandom(2)));
            } catch (IOException hungUp) {
                // the client stops reading after the atom count and closes: the rest of POSDATA may not get through
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> client.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IOException);
            assertEquals("ipi: server sent 32 atoms but the structure file has 5", e.getCause().getMessage());
        }
    }

    @Test
    void addressParsing() {
        assertEquals("UNIX socket /tmp/ipi_abc", IpiAddress.parse("unix:abc").description());
        assertEquals("UNIX socket /run/x.sock", IpiAddress.parse("/run/x.sock").description());
        assertEquals("TCP localhost:31415", IpiAddress.parse("localhost:31415").description());
        assertEquals("TCP 10.0.0.2:3141", IpiAddress.parse("tcp:10.0.0.2:3141").description());
        assertThrows(IllegalArgumentException.class, () -> IpiAddress.parse("nohost"));
        assertThrows(IllegalArgumentException.class, () -> IpiAddress.parse("h:99999"));
    }

    @Test
    void connectionRefusedAfterTimeoutSaysWhere() {
        IpiClient.Options o = new IpiClient.Options("unix:jnequip_nobody_" + ProcessHandle.current().pid(), 0.2, null, null);
        IOException e = assertThrows(IOException.class, () -> IpiClient.serve(o, LennardJones.argon(), new int[1], PBC, null));
        assertTrue(e.getMessage().startsWith("ipi: cannot connect to UNIX socket /tmp/ipi_jnequip_nobody_"), e.getMessage());
    }
}
