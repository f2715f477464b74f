package com.example.events.e2e;

import java.nio.file.Path;

import com.example.events.localsystem.LocalSystem;
import com.example.events.testsupport.TestInfrastructure;

/**
 * The whole system as these tests start it: both services' packaged jars (named by the
 * failsafe configuration) and the harness's broker, as for every other test. Each test
 * class adds what it needs and starts it.
 */
final class Systems {

    private Systems() {
    }

    static LocalSystem.Builder builder() {
        return LocalSystem.builder()
            .memberServiceJar(Path.of(System.getProperty("member-service.jar")))
            .reservationServiceJar(Path.of(System.getProperty("reservation-service.jar")))
            .broker(TestInfrastructure.broker());
    }

    /** Stops a system a test class started, if it got that far. */
    static void stop(LocalSystem system) {
        if (system != null) {
            system.close();
        }
    }

}
