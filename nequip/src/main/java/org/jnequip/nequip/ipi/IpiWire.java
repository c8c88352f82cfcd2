package org.jnequip.nequip.ipi;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Framing of the i-PI socket protocol: 12-byte ASCII headers padded with spaces, int32 and float64 values in
 * little-endian byte order (the native order of the machines i-PI runs on), raw bytes for strings.
 * A read that meets end-of-stream throws {@link Closed}.
 */
final class IpiWire {
    static final int HEADER = 12;
    private final ByteChannel ch;

    /** The peer closed the connection. */
    static final class Closed extends EOFException {
        Closed() { super("connection closed by peer"); }
    }

    IpiWire(ByteChannel ch) { this.ch = ch; }

    String readHeader() throws IOException {
        ByteBuffer b = readFully(HEADER);
        return new String(b.array(), StandardCharsets.US_ASCII).trim();
    }

    void writeHeader(String msg) throws IOException {
        if (msg.length() > HEADER) throw new IllegalArgumentException("ipi: header '" + msg + "' longer than 12 bytes");
        byte[] b = String.format("%-12s", msg).getBytes(StandardCharsets.US_ASCII);
        writeFully(ByteBuffer.wrap(b));
    }

    int readInt() throws IOException { return readFully(4).getInt(); }

    double[] readDoubles(int n) throws IOException {
        ByteBuffer b = readFully(8 * n);
        double[] a = new double[n];
        b.asDoubleBuffer().get(a);
        return a;
    }

    byte[] readBytes(int n) throws IOException { return readFully(n).array(); }

    void writeInt(int v) throws IOException { writeFully(order(ByteBuffer.allocate(4)).putInt(v).flip()); }

    void writeDoubles(double... a) throws IOException {
        ByteBuffer b = order(ByteBuffer.allocate(8 * a.length));
        b.asDoubleBuffer().put(a);
        writeFully(b);
    }

    void writeBytes(byte[] a) throws IOException { writeFully(ByteBuffer.wrap(a)); }

    private ByteBuffer readFully(int n) throws IOException {
        ByteBuffer b = order(ByteBuffer.allocate(n));
        while (b.hasRemaining()) if (ch.read(b) < 0) throw new Closed();
        return b.flip();
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    private static ByteBuffer order(ByteBuffer b) { return b.order(ByteOrder.LITTLE_ENDIAN); }
}
