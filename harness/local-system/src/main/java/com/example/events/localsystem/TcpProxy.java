package com.example.events.localsystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a free loopback port in front of one server (the broker, a database), so
 * that one client's network path to it can be lost while the server, and every other
 * client, carries on. Both sockets of a connection send at once (TCP_NODELAY), as the
 * clients and servers behind it do, so the proxy adds no Nagle delay to small requests.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket listener;

    private final InetSocketAddress upstream;

    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private volatile boolean cut;

    private volatile boolean closed;

    private TcpProxy(ServerSocket listener, InetSocketAddress upstream) {
        this.listener = listener;
        this.upstream = upstream;
    }

    /**
     * Listens on a free loopback port and forwards every connection to {@code upstream}.
     */
    static TcpProxy start(String name, InetSocketAddress upstream) {
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            var proxy = new TcpProxy(listener, upstream);
            Thread.ofPlatform().daemon().name(name).start(proxy::acceptLoop);
            return proxy;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not open the proxy " + name, ex);
        }
    }

    /** The loopback port it listens on. */
    int port() {
        return listener.getLocalPort();
    }

    /** Resets every open connection and every new one until {@link #restore()}. */
    void cut() {
        cut = true;
        open.forEach(TcpProxy::reset);
    }

    /** Accepts connections again. */
    void restore() {
        cut = false;
    }

    boolean isCut() {
        return cut;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        }
        catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(TcpProxy::reset);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (cut) {
                    reset(client);
                }
                else {
                    Thread.ofVirtual().start(() -> relay(client));
                }
            }
            catch (IOException ex) {
                if (!closed) {
                    Processes.sleep(Duration.ofMillis(50));
                }
            }
        }
    }

    private void relay(Socket client) {
        open.add(client);
        Socket server = new Socket();
        open.add(server);
        try {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            server.connect(upstream, 5_000);
            if (cut) {
                throw new IOException("cut while connecting");
            }
            Thread.ofVirtual().start(() -> pump(server, client));
            pump(client, server);
        }
        catch (IOException ex) {
            reset(client);
            reset(server);
        }
    }

    // One direction; when it ends, the whole connection goes, as neither HTTP nor
    // PostgreSQL clients half-close.
    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        }
        catch (IOException ended) {
            // the other side went away, or the connection was cut
        }
        finally {
            close(from);
            close(to);
        }
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        }
        catch (IOException ignored) {
            // already gone
        }
    }

    // RST rather than FIN: the client sees the connection fail at once, as when a network
    // path is lost.
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        }
        catch (IOException ignored) {
            // already gone
        }
    }

}
