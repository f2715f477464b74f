package com.example.events.localsystem.console;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import com.example.events.localsystem.LocalSystem;
import com.example.events.localsystem.ServiceProcess;

/**
 * A piece of the running system the console can break and mend through the local system's
 * own handles, shown in the pipeline's box it belongs to.
 *
 * @param name as the page and the activity log name it
 * @param box the pipeline box that shows its buttons: {@code member-service},
 * {@code outbox}, {@code topic}, {@code queue} or {@code reservation-service}
 * @param running whether its process is up
 * @param handles what can be done to it
 */
record Part(String name, String box, BooleanSupplier running, List<Handle> handles) {

    /** What a handle does to the part, as far as the page shows it. */
    enum Effect {

        /** Stops it on purpose: the launcher must not take that for a crash. */
        TAKES_DOWN,

        /** Brings it back. */
        BRINGS_UP,

        /** Cuts a network path of it; it runs on. */
        CUTS,

        /** Restores that path. */
        RESTORES

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
        return List.of(service(system.memberService()), service(system.reservationService()));
    }

    private static Part service(ServiceProcess service) {
        return new Part(service.name(), service.name(), service::isAlive,
                List.of(new Handle("stop", "Stop", "stopping (SIGTERM, graceful)", "stopped (SIGTERM)",
                        Effect.TAKES_DOWN, service::stop),
                        new Handle("kill", "SIGKILL", "killing (SIGKILL, no shutdown at all)", "killed (SIGKILL)",
                                Effect.TAKES_DOWN, service::kill),
                        new Handle("start", "Start", "starting", "started and ready", Effect.BRINGS_UP, service::start),
                        new Handle("cut-broker", "Cut broker path", "cutting its path to the broker",
                                "cut off from the broker (the broker itself runs on)", Effect.CUTS, service::cutBroker),
                        new Handle("restore-broker", "Restore broker path", "restoring its path to the broker",
                                "reaches the broker again", Effect.RESTORES, service::restoreBroker)));
    }

}
