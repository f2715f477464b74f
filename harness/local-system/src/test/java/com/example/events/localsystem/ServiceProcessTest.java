package com.example.events.localsystem;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceProcessTest {

    @Test
    void aServiceWithoutABrokerProxyRefusesToCutItsBrokerPathAndSaysWhy() {
        var direct = new ServiceProcess("direct-service", Path.of("direct-service.jar"), 1, List.of(), Map.of(),
                Path.of("direct-service.log"), null, Duration.ofSeconds(1), Watchdog.ofThisJvm());

        assertThatThrownBy(direct::cutBroker).isInstanceOf(IllegalStateException.class)
            .hasMessage("direct-service talks to the broker directly (a local system built withoutProxies()): "
                    + "there is no path of its own to cut or restore");
        assertThatThrownBy(direct::restoreBroker).isInstanceOf(IllegalStateException.class);
    }

}
