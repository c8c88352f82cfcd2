package org.jnequip.nequip.ipi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server side of the i-PI protocol for tests, written from the protocol description (as ASE's SocketServer
 * behaves): cell and virial travel transposed, Bohr/Hartree on the wire.
 */
final class FakeIpiServer implements AutoCloseable {
    final ServerSocketChannel server;
    final Path socketFile;
    final IpiUnits units;
    SocketChannel conn;
    IpiWire wire;

    record Forces(double energy, double[] forces, double[] virial, byte[] extra) {}

    private FakeIpiServer(ServerSocketChannel server, Path socketFile, IpiUnits units) {
        this.server = server;
        this.socketFile = socketFile;
        this.units = units;
    }

    static FakeIpiServer unix(Path file, IpiUnits units) throws IOException {
        Files.deleteIfExists(file);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(file));
        return new FakeIpiServer(s, file, units);
    }

    static FakeIpiServer tcp(IpiUnits units) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        return new FakeIpiServer(s, null, units);
    }

    int port() throws IOException { return ((InetSocketAddress) server.getLocalAddress()).getPort(); }

    void accept() throws IOException {
        conn = server.accept();
        wire = new IpiWire(conn);
    }

    String status() throws IOException {
        wire.writeHeader("STATUS");
        return wire.readHeader();
    }

    void init() throws IOException {
        wire.writeHeader("INIT");
        wire.writeInt(0);
        wire.writeInt(1);
        wire.writeBytes(new byte[]{0});
    }

    /** cell: rows = lattice vectors (Å), or null (zeros sent, as ASE does for a molecule). */
    void sendPositions(double[] cell, double[] pos) throws IOException {
        double b = units.bohrInAngstrom();
        double[] h = new double[9], ih = new double[9];
        if (cell != null) {
            double[] inv = org.jnequip.nequip.md.CellMath.inverse(cell);
            // h = cell^T; ASE sends icell.T with icell = pinv(cell).T, i.e. inv(cell) row-major
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) {
                    h[3 * i + j] = cell[3 * j + i] / b;
                    ih[3 * i + j] = inv[3 * i + j] * b;
                }
        }
        double[] p = new double[pos.length];
        for (int k = 0; k < p.length; k++) p[k] = pos[k] / b;
        wire.writeHeader("POSDATA");
        wire.writeDoubles(h);
        wire.writeDoubles(ih);
        wire.writeInt(pos.length / 3);
        wire.writeDoubles(p);
    }

    Forces getForce() throws IOException {
        wire.writeHeader("GETFORCE");
        String reply = wire.readHeader();
        if (!reply.equals("FORCEREADY")) throw new IOException("expected FORCEREADY, got " + reply);
        double ha = units.hartreeInEv(), b = units.bohrInAngstrom();
        double e = wire.readDoubles(1)[0] * ha;
        int n = wire.readInt();
        double[] f = wire.readDoubles(3 * n);
        for (int k = 0; k < f.length; k++) f[k] *= ha / b;
        double[] v = wire.readDoubles(9), vir = new double[9];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) vir[3 * i + j] = v[3 * j + i] * ha; // .T
        int len = wire.readInt();
        byte[] extra = len > 0 ? wire.readBytes(len) : new byte[0];
        return new Forces(e, f, vir, extra);
    }

    void exit() throws IOException { wire.writeHeader("EXIT"); }

    void closeConnection() throws IOException { if (conn != null) conn.close(); }

    @Override
    public void close() throws IOException {
        closeConnection();
        server.close();
        if (socketFile != null) Files.deleteIfExists(socketFile);
    }
}
