package org.jnequip.nequip.ipi;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.md.CellMath;
import org.jnequip.nequip.md.ForceField;

/**
 * A force-engine client ("driver") of the i-PI socket protocol, as served by i-PI and by ASE's SocketIOCalculator.
 * The server owns the dynamics and sends positions; this client answers with energy, forces and virial.
 *
 * <p>Messages (12-byte headers, little-endian int32/float64, atomic units on the wire):
 * <pre>
 *   STATUS   → reply READY, HAVEDATA (a result is waiting) or NEEDINIT (never: the client starts ready)
 *   INIT     ← int32 bead index, int32 length, bytes (accepted and ignored)
 *   POSDATA  ← h (9, Bohr), h⁻¹ (9, 1/Bohr), int32 N, positions (N·3, Bohr)
 *   GETFORCE → FORCEREADY, E (Hartree), int32 N, forces (N·3, Hartree/Bohr), virial (9, Hartree), int32 0 (no extra)
 *   EXIT     → stop
 * </pre>
 * The cell matrix h has the lattice vectors as columns and is sent row-major, i.e. our row-vector cell transposed:
 * wire[3i + j] = cell[3j + i] (ASE sends cell.T). The virial goes back in the same transposed layout (ASE reads it
 * with .T), W = −∂E/∂ε, zeros when the force field gives none. Atomic numbers are not part of the protocol: they
 * come from a structure file given at start, in the server's atom order.
 *
 * <p>The client ends normally on EXIT or when the server closes the socket (ASE closes without EXIT); both are
 * reported with the number of completed force evaluations. Protocol violations throw {@link IOException} with the
 * reason.
 */
public final class IpiClient {
    private IpiClient() {}

    /**
     * @param address          see {@link IpiAddress#parse}
     * @param connectTimeoutS  keep retrying the connection this long (the server may still be starting)
     * @param units            wire unit conversion ({@link IpiUnits#ASE} by default)
     * @param log              status lines (connected, exit reason), or null
     */
    public record Options(String address, double connectTimeoutS, IpiUnits units, Consumer<String> log) {
        public Options {
            IpiAddress.parse(address);
            if (units == null) units = IpiUnits.ASE;
            if (!(connectTimeoutS >= 0)) throw new IllegalArgumentException("ipi: connect timeout must be >= 0 s");
        }

        public static Options of(String address) { return new Options(address, 30, IpiUnits.ASE, null); }
    }

    public enum Exit { EXIT_MESSAGE, SERVER_CLOSED }

    /** @param steps completed force evaluations (GETFORCE answered) */
    public record Outcome(Exit reason, long steps, String message) {}

    /** Sees every evaluation: positions (N, 3) Å and cell (3, 3) Å (null for molecules) as decoded, and the result. */
    @FunctionalInterface
    public interface Listener {
        void evaluated(long step, double[] positions, double[] cell, ForceField.Result result);
    }

    /** Serves with atomic numbers and periodicity taken from the first frame of an extxyz structure file. */
    public static Outcome serve(Options o, ForceField ff, Path structure) throws IOException {
        return serve(o, ff, ExtXyz.read(structure, ExtXyz.Options.DEFAULT.withMaxFrames(1)).get(0));
    }

    /** Serves with the atomic numbers and periodicity of {@code structure} (its positions are not used). */
    public static Outcome serve(Options o, ForceField ff, Structure structure) throws IOException {
        return serve(o, ff, structure.atomicNumbers(), structure.pbc(), null);
    }

    public static Outcome serve(Options o, ForceField ff, int[] atomicNumbers, boolean[] pbc, Listener listener) throws IOException {
        IpiAddress addr = IpiAddress.parse(o.address());
        try (SocketChannel ch = connect(addr, o.connectTimeoutS())) {
            log(o, "connected to i-PI server at " + addr.description());
            Outcome out = loop(new IpiWire(ch), o.units(), ff, atomicNumbers, pbc, listener);
            log(o, out.message());
            return out;
        }
    }

    private static SocketChannel connect(IpiAddress addr, double timeoutS) throws IOException {
        String impossible = addr.impossible();
        if (impossible != null) throw new IOException("ipi: cannot connect to " + addr.description() + ": " + impossible);
        long deadline = System.nanoTime() + (long) (timeoutS * 1e9);
        while (true) {
            try {
                return addr.connect();
            } catch (IOException e) {
                if (System.nanoTime() > deadline)
                    throw new IOException("ipi: cannot connect to " + addr.description() + " within " + timeoutS + " s: " + e.getMessage(), e);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("ipi: interrupted while connecting to " + addr.description(), ie);
                }
            }
        }
    }

    private static Outcome loop(IpiWire w, IpiUnits u, ForceField ff, int[] z, boolean[] pbc, Listener listener) throws IOException {
        int n = z.length;
        boolean periodic = pbc != null && (pbc[0] || pbc[1] || pbc[2]);
        double bohr = u.bohrInAngstrom(), ha = u.hartreeInEv();
        ForceField.Result result = null;
        long steps = 0;
        while (true) {
            String msg;
            try {
                msg = w.readHeader();
            } catch (IpiWire.Closed e) {
                return new Outcome(Exit.SERVER_CLOSED, steps, "i-PI server closed the connection after " + steps + " steps");
            }
            switch (msg) {
                case "STATUS" -> w.writeHeader(result != null ? "HAVEDATA" : "READY");
                case "INIT" -> {
                    w.readInt();
                    int len = w.readInt();
                    if (len < 0) throw new IOException("ipi: INIT with negative string length " + len);
                    w.readBytes(len);
                }
                case "POSDATA" -> {
                    double[] h = w.readDoubles(9);
                    w.readDoubles(9); // h⁻¹, not needed
                    int nat = w.readInt();
                    if (nat != n) throw new IOException("ipi: server sent " + nat + " atoms but the structure file has " + n);
                    double[] pos = w.readDoubles(3 * n);
                    for (int k = 0; k < pos.length; k++) pos[k] *= bohr;
                    double[] cell = new double[9];
                    for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) cell[3 * j + i] = h[3 * i + j] * bohr;
                    if (!periodic) cell = null;
                    else if (CellMath.isEmpty(cell)) throw new IOException("ipi: the structure is periodic but the server sent no cell");
                    result = ff.compute(pos, z, cell, pbc);
                    if (listener != null) listener.evaluated(steps, pos, cell, result);
                }
                case "GETFORCE" -> {
                    if (result == null) throw new IOException("ipi: GETFORCE before POSDATA (after " + steps + " steps)");
                    if (!finite(result))
                        throw new IOException("ipi: the force field gave a non-finite energy or force for step " + steps
                                + " (atoms on top of one another?); not sending it to the server");
                    sendForce(w, result, n, bohr, ha);
                    result = null;
                    steps++;
                }
                case "EXIT" -> {
                    return new Outcome(Exit.EXIT_MESSAGE, steps, "i-PI server sent EXIT after " + steps + " steps");
                }
                default -> throw new IOException("ipi: unexpected message '" + msg + "' after " + steps + " steps");
            }
        }
    }

    private static void sendForce(IpiWire w, ForceField.Result r, int n, double bohr, double ha) throws IOException {
        if (r.forces() == null || r.forces().length != 3 * n)
            throw new IOException("ipi: force field returned " + (r.forces() == null ? "no" : r.forces().length) + " force components for " + n + " atoms");
        if (r.virial() != null && r.virial().length != 9) throw new IOException("ipi: force field returned a virial of length " + r.virial().length);
        double[] f = new double[3 * n], vir = new double[9];
        for (int k = 0; k < f.length; k++) f[k] = r.forces()[k] * bohr / ha;
        if (r.virial() != null)
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) vir[3 * i + j] = r.virial()[3 * j + i] / ha;
        w.writeHeader("FORCEREADY");
        w.writeDoubles(r.energy() / ha);
        w.writeInt(n);
        w.writeDoubles(f);
        w.writeDoubles(vir);
        w.writeInt(0);
    }

    private static boolean finite(ForceField.Result r) {
        if (!Double.isFinite(r.energy())) return false;
        if (r.forces() != null) for (double f : r.forces()) if (!Double.isFinite(f)) return false;
        return true;
    }

    private static void log(Options o, String s) {
        if (o.log() != null) o.log().accept(s);
    }
}
