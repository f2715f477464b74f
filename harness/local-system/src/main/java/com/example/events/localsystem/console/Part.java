package com.example.events.localsystem.console;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import com.example.events.localsystem.Database;
import com.example.events.localsystem.LocalSystem;
import com.example.events.localsystem.LocalSystem.Side;
import com.example.events.localsystem.ServiceProcess;

/**
 * A piece of the running system the console can break and mend through the local system's
 * own handles, shown in the pipeline's box it belongs to.
 *
 * @param name as the page and the activity log name it
 * @param box the pipeline box that shows its buttons: {@code member-service},
 * {@code outbox}, {@code topic}, {@code queue} or {@code reservation-service}
 * @param running whether it is up: its process, or whether its port answers
 * @param dependents the services whose readiness depends on it, which say what came of a
 * handle
 * @param handles what can be done to it
 */
record Part(String name, String box, BooleanSupplier running, List<String> dependents, List<Handle> handles) {

    private static final int PORT_CHECK_MILLIS = 300;

    /** What a handle does to the part, as far as the console follows it up. */
    enum Effect {

        /** Stops or starts a service process: the handle returns once that is done. */
        NONE,

        /** Stops it: its dependents stop being ready. */
        STOPS,

        /** Starts it again: its dependents become ready again. */
        STARTS,

        /**
         * Cuts the dependents' network path to it, which the console remembers (the part
         * runs on): they stop being ready.
         */
        CUTS,

        /** Restores that path: they become ready again. */
        RESTORES,

        /**
         * Empties the broker: the services create their topic, queues and subscription
         * again, and what the old queue held is lost to it.
         */
        EMPTIES_BROKER;

        boolean takesAway() {
            return this == STOPS || this == CUTS;
        }

        boolean givesBack() {
            return this == STARTS || this == RESTORES;
        }

    }

    /**
     * @param doing what the activity log says while it runs ("stopping")
     * @param did what it says once done ("stopped (SIGTERM)")
     */
    record Handle(String name, String label, String doing, String did, Effect effect, Runnable action) {
    }

    Optional<Handle> handle(String handleName) {
        return handles.stream().filter(handle -> handle.name().equals(handleName)).findFirst();
    }

    /** Every part of this system that has handles. */
    static List<Part> of(LocalSystem system) {
        ServiceProcess member = system.memberService();
        ServiceProcess reservation = system.reservationService();
        return List.of(service(member),
                database("member database", "outbox", system.memberDatabase(), Side.MEMBER, member.name(), system),
                broker(system.broker().endpoint(), system::restartBroker, List.of(member.name(), reservation.name())),
                service(reservation), database("reservation database", "reservation-service",
                        system.reservationDatabase(), Side.RESERVATION, reservation.name(), system));
    }

    private static Part service(ServiceProcess service) {
        return new Part(service.name(), service.name(), service::isAlive, List.of(service.name()),
                List.of(new Handle("stop", "Stop", "stopping (SIGTERM, graceful)", "stopped (SIGTERM)", Effect.NONE,
                        service::stop),
                        new Handle("kill", "SIGKILL", "killing (SIGKILL, no shutdown at all)", "killed (SIGKILL)",
                                Effect.NONE, service::kill),
                        new Handle("start", "Start", "starting", "started and ready", Effect.NONE, service::start),
                        new Handle("cut-broker", "Cut broker path", "cutting its path to the broker",
                                "cut off from the broker (the broker itself runs on)", Effect.CUTS, service::cutBroker),
                        new Handle("restore-broker", "Restore broker path", "restoring its path to the broker",
                                "reaches the broker again", Effect.RESTORES, service::restoreBroker)));
    }

    private static Part database(String name, String box, Database database, Side side, String owner,
            LocalSystem system) {
        URI address = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        return new Part(name, box, () -> answers(address), List.of(owner), List.of(
                new Handle("stop", "Stop DB", "stopping PostgreSQL (fast shutdown)",
                        "stopped (fast shutdown: connections ended, data kept)", Effect.STOPS,
                        () -> system.stopDatabase(side)),
                new Handle("start", "Start DB", "starting PostgreSQL", "started and answering", Effect.STARTS,
                        () -> system.startDatabase(side)),
                new Handle("cut", "Cut DB path", "cutting " + owner + "'s path to it",
                        "cut off from " + owner + " (the server runs on)", Effect.CUTS, () -> system.cutDatabase(side)),
                new Handle("restore", "Restore DB path", "restoring " + owner + "'s path to it",
                        "reachable by " + owner + " again", Effect.RESTORES, () -> system.restoreDatabase(side))));
    }

    /**
     * The broker at {@code endpoint}, which {@code restart} restarts empty; the
     * {@code services} create what they own on it again.
     */
    static Part broker(URI endpoint, Runnable restart, List<String> services) {
        return new Part("broker", "topic", () -> answers(endpoint), services,
                List.of(new Handle("restart", "Restart broker",
                        "restarting the broker: every topic, queue, subscription and message goes", "restarted, empty",
                        Effect.EMPTIES_BROKER, restart)));
    }

    // what an operator's pg_isready or curl would find out first: whether the port takes
    // a connection
    private static boolean answers(URI address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHost(), address.getPort()), PORT_CHECK_MILLIS);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

}
