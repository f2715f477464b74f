package com.example.events.reservationservice;

import java.net.URI;

import com.example.events.localsystem.BrokerProxy;
import com.example.events.testsupport.TestInfrastructure;

/**
 * The harness's PostgreSQL behind a TCP proxy, for an instance that is to lose its
 * database while the database itself, and every other client of it, carries on: what the
 * service sees when the network path fails (every packet answered with a reset).
 * local-system's proxy forwards any TCP, not only the broker's HTTP.
 */
public final class DatabaseBehindProxy implements AutoCloseable {

    private final BrokerProxy proxy;

    private final String database;

    private DatabaseBehindProxy(BrokerProxy proxy, String database) {
        this.proxy = proxy;
        this.database = database;
    }

    /** In front of the service's own database, {@code reservation}. */
    public static DatabaseBehindProxy start() {
        String url = TestInfrastructure.postgres().jdbcUrl("reservation");
        URI server = URI.create(url.substring("jdbc:".length()));
        return new DatabaseBehindProxy(BrokerProxy.start("reservation-database",
                URI.create("tcp://" + server.getHost() + ":" + server.getPort())), server.getPath());
    }

    /**
     * The property that points an instance ({@link AnotherInstance#start}) at the proxy.
     */
    public String datasourceUrl() {
        return "spring.datasource.url=jdbc:postgresql://localhost:" + proxy.endpoint().getPort() + database;
    }

    /** Resets every open connection, and every new one until {@link #restore()}. */
    public void cut() {
        proxy.cut();
    }

    public void restore() {
        proxy.restore();
    }

    @Override
    public void close() {
        proxy.close();
    }

}
