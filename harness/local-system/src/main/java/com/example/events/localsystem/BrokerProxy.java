package com.example.events.localsystem;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A service's only way to the broker: a TCP proxy on a free loopback port in front of the
 * emulator, so one service can lose the broker (a network partition) while the broker,
 * and every other service, carries on. Also usable on its own, e.g. between an in-JVM
 * test application and the broker: point {@code spring.cloud.aws.endpoint} at
 * {@link #endpoint()}.
 */
public final class BrokerProxy implements AutoCloseable {

    private final TcpProxy proxy;

    private BrokerProxy(TcpProxy proxy) {
        this.proxy = proxy;
    }

    /** Listens on a free loopback port and forwards to {@code broker}'s host and port. */
    public static BrokerProxy start(String name, URI broker) {
        return new BrokerProxy(
                TcpProxy.start("broker-proxy-" + name, new InetSocketAddress(broker.getHost(), broker.getPort())));
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + proxy.port());
    }

    /** Resets every open connection and every new one until {@link #restore()}. */
    public void cut() {
        proxy.cut();
    }

    /** Accepts connections again. */
    public void restore() {
        proxy.restore();
    }

    public boolean isCut() {
        return proxy.isCut();
    }

    @Override
    public void close() {
        proxy.close();
    }

}
