package org.jnequip.nequip.ipi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the i-PI server listens. Accepted forms:
 * <ul>
 *   <li>{@code unix:NAME} → the UNIX socket {@code /tmp/ipi_NAME} (the i-PI and ASE convention);</li>
 *   <li>{@code unix:/abs/path} or any string containing '/' → that UNIX socket file;</li>
 *   <li>{@code host:port} or {@code tcp:host:port} → TCP (e.g. {@code localhost:31415}).</li>
 * </ul>
 */
public record IpiAddress(SocketAddress address, String description) {

    public static IpiAddress parse(String s) {
        if (s == null || s.isBlank()) throw new IllegalArgumentException("ipi: empty address");
        if (s.startsWith("unix:")) {
            String name = s.substring(5);
            if (name.isEmpty()) throw new IllegalArgumentException("ipi: 'unix:' needs a socket name");
            return unix(name.contains("/") ? Path.of(name) : Path.of("/tmp/ipi_" + name));
        }
        if (s.startsWith("tcp:")) s = s.substring(4);
        else if (s.contains("/")) return unix(Path.of(s));
        int colon = s.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("ipi: address '" + s + "' is neither unix:NAME, a socket path nor host:port");
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ipi: bad port in '" + s + "'");
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException("ipi: port " + port + " out of range");
        String host = s.substring(0, colon);
        return new IpiAddress(InetSocketAddress.createUnresolved(host, port), "TCP " + host + ":" + port);
    }

    public static IpiAddress unix(Path socketFile) {
        return new IpiAddress(UnixDomainSocketAddress.of(socketFile), "UNIX socket " + socketFile);
    }

    /**
     * Why no server can ever be reached at this address, or null: a socket path whose directory does not exist or
     * that is something other than a socket, or a host name that does not resolve. Waiting would not help.
     */
    String impossible() {
        if (address instanceof UnixDomainSocketAddress u) {
            Path p = u.getPath().toAbsolutePath(), dir = p.getParent();
            if (dir != null && !Files.isDirectory(dir)) return "directory " + dir + " does not exist, so no server can listen there";
            if (Files.isDirectory(p)) return p + " is a directory, not a socket";
            if (Files.isRegularFile(p)) return p + " is a regular file, not a socket";
            return null;
        }
        InetSocketAddress in = (InetSocketAddress) address;
        return new InetSocketAddress(in.getHostString(), in.getPort()).isUnresolved() ? "unknown host '" + in.getHostString() + "'" : null;
    }

    /** Opens a blocking channel to the server. */
    SocketChannel connect() throws IOException {
        if (address instanceof UnixDomainSocketAddress u) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(u);
                return ch;
            } catch (IOException e) {
                ch.close();
                throw e;
            }
        }
        InetSocketAddress in = (InetSocketAddress) address;
        SocketChannel ch = SocketChannel.open(new InetSocketAddress(in.getHostString(), in.getPort()));
        ch.socket().setTcpNoDelay(true);
        return ch;
    }
}
