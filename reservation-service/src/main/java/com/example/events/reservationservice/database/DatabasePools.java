package com.example.events.reservationservice.database;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.example.platform.database.UnpooledConnections;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * The service's one DataSource, in front of two connection pools: the queue's listener
 * takes its connections from a pool of its own, sized to the messages it handles at once,
 * and everything else (the REST API, the inbox pruning, Flyway) from the other. A burst
 * of requests can then exhaust only the API's connections and a burst of events only the
 * listener's. The pool is chosen when a transaction or statement takes its connection: by
 * whether the thread runs {@link #forListener} work.
 */
public final class DatabasePools extends AbstractRoutingDataSource implements DisposableBean {

    enum Pool {

        API, LISTENER

    }

    private static final ThreadLocal<Boolean> LISTENER_WORK = new ThreadLocal<>();

    private final HikariDataSource api;

    private final HikariDataSource listener;

    DatabasePools(HikariDataSource api, HikariDataSource listener) {
        this.api = api;
        this.listener = listener;
        setTargetDataSources(Map.of(Pool.API, api, Pool.LISTENER, listener));
        setDefaultTargetDataSource(api);
        setLenientFallback(false);
    }

    /**
     * Runs {@code work} on this thread with connections from the listener's pool; its
     * transactions must begin inside.
     */
    public static <T> T forListener(Supplier<T> work) {
        Boolean outer = LISTENER_WORK.get();
        LISTENER_WORK.set(Boolean.TRUE);
        try {
            return work.get();
        }
        finally {
            if (outer == null) {
                LISTENER_WORK.remove();
            }
        }
    }

    public static void forListener(Runnable work) {
        forListener(() -> {
            work.run();
            return null;
        });
    }

    /**
     * A DataSource that opens a connection of its own each time, configured as the pools
     * are (driver, credentials, driver properties such as the AWS wrapper's plugins),
     * with connecting, signing in and every read bounded by {@code timeout}.
     */
    DataSource unpooled(Duration timeout) {
        return UnpooledConnections.to(api, timeout);
    }

    /**
     * Whether each pool hands out a connection within its connection timeout. After an
     * outage a pool reconnects on a backoff of its own (up to 5 s between attempts), so
     * the server answering again does not yet mean the pools do.
     */
    boolean eachPoolConnects() {
        for (HikariDataSource pool : List.of(api, listener)) {
            try {
                pool.getConnection().close();
            }
            catch (SQLException ex) {
                return false;
            }
        }
        return true;
    }

    /** As many as the listener may handle messages at once. */
    public int listenerConnections() {
        return listener.getMaximumPoolSize();
    }

    @Override
    protected Object determineCurrentLookupKey() {
        return LISTENER_WORK.get() != null ? Pool.LISTENER : Pool.API;
    }

    @Override
    public void destroy() {
        listener.close();
        api.close();
    }

}
