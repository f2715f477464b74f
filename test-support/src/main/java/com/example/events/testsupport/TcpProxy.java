package com.example.events.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of an endpoint, for taking that endpoint away from a service under test and giving
 * it back, while the real server keeps running: {@link #disconnect()} drops every open connection and resets new
 * ones at once, as an unreachable host that refuses does; {@link #reconnect()} lets connections through again.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean connected = true;

    private TcpProxy(InetSocketAddress target) {
        this.target = target;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("No loopback port for the proxy", ex);
        }
        Thread.ofPlatform().daemon().name("tcp-proxy-" + server.getLocalPort()).start(this::accept);
    }

    /** A proxy to the host and port of an http endpoint such as the broker's. */
    public static TcpProxy to(URI endpoint) {
        return new TcpProxy(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
    }

    /** The endpoint to give the service instead of the real one. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    public void disconnect() {
        connected = false;
        open.forEach(TcpProxy::reset);
    }

    public void reconnect() {
        connected = true;
    }

    @Override
    public void close() {
        connected = false;
        try {
            server.close();
        }
        catch (IOException ex) {
            // closing anyway
        }
        open.forEach(TcpProxy::reset);
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            }
            catch (IOException ex) {
                return; // closed
            }
            if (!connected) {
                reset(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 2_000);
            }
            catch (IOException ex) {
                reset(client);
                closeQuietly(upstream);
                continue;
            }
            open.add(client);
            open.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread.ofVirtual().name("tcp-proxy-pump").start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
            catch (IOException ex) {
                // one side went away: the other goes too
            }
            finally {
                open.remove(from);
                open.remove(to);
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    // RST rather than FIN, so that a client sees the failure at once instead of waiting on a half-closed socket.
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        }
        catch (IOException ex) {
            // closing anyway
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // nothing left to do
        }
    }
}
