package com.example.events.reservationservice;

import java.util.ArrayList;
import java.util.List;

import com.example.events.testsupport.TestInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another instance of the service, beside the test's own, on the harness's database and
 * broker.
 */
public final class AnotherInstance {

    private AnotherInstance() {
    }

    /**
     * Starts it on a random port; close the context to stop it.
     * @param overrides {@code name=value} properties replacing the harness's (e.g.
     * another broker endpoint)
     */
    public static ConfigurableApplicationContext start(String... overrides) {
        List<String> properties = new ArrayList<>(List.of(TestInfrastructure.applicationProperties("reservation")));
        properties.add("server.port=0");
        for (String override : overrides) {
            String name = override.substring(0, override.indexOf('=') + 1);
            properties.removeIf(property -> property.startsWith(name));
            properties.add(override);
        }
        // as command-line arguments, so they win over application.yml (builder
        // "properties" are only defaults)
        return new SpringApplicationBuilder(ReservationServiceApplication.class)
            .run(properties.stream().map(property -> "--" + property).toArray(String[]::new));
    }

    public static TestHttpClient http(ConfigurableApplicationContext instance) {
        return new TestHttpClient(((WebServerApplicationContext) instance).getWebServer().getPort());
    }

}
