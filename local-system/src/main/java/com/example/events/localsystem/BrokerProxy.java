package com.example.events.localsystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A service's only way to the broker: a TCP proxy on a free loopback port in front of the
 * emulator, so one service can lose the broker (a network partition) while the broker,
 * and every other service, carries on. Also usable on its own, e.g. between an in-JVM
 * test application and the broker: point {@code spring.cloud.aws.endpoint} at
 * {@link #endpoint()}.
 */
public final class BrokerProxy implements AutoCloseable {

    private final ServerSocket listener;

    private final InetSocketAddress upstream;

    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private volatile boolean cut;

    private volatile boolean closed;

    private BrokerProxy(ServerSocket listener, InetSocketAddress upstream) {
        this.listener = listener;
        this.upstream = upstream;
    }

    /** Listens on a free loopback port and forwards to {@code broker}'s host and port. */
    public static BrokerProxy start(String name, URI broker) {
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            var proxy = new BrokerProxy(listener, new InetSocketAddress(broker.getHost(), broker.getPort()));
            Thread.ofPlatform().daemon().name("broker-proxy-" + name).start(proxy::acceptLoop);
            return proxy;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not open the broker proxy for " + name, ex);
        }
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + listener.getLocalPort());
    }

    /** Resets every open connection and every new one until {@link #restore()}. */
    public void cut() {
        cut = true;
        open.forEach(BrokerProxy::reset);
    }

    /** Accepts connections again. */
    public void restore() {
        cut = false;
    }

    public boolean isCut() {
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
        open.forEach(BrokerProxy::reset);
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

    // One direction; when it ends, the whole connection goes, as HTTP clients do not
    // half-close.
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
