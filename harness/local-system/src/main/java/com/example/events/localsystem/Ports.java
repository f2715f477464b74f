package com.example.events.localsystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Free ports, and whether a fixed one is taken. */
final class Ports {

    private Ports() {
    }

    static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("No free port", ex);
        }
    }

    /**
     * Something listens there, on any address, or the port cannot be bound for another
     * reason.
     */
    static boolean inUse(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        }
        catch (IOException nobodyOnLoopback) {
            // a listener on another address still keeps the services from binding all
            // addresses
        }
        try (ServerSocket socket = new ServerSocket()) {
            // as the services and databases bind: connections of an earlier run in
            // TIME_WAIT do not count
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return false;
        }
        catch (IOException ex) {
            return true;
        }
    }

}
