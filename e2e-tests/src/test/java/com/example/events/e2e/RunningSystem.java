package com.example.events.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.events.testsupport.TestInfrastructure;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** Both services, each with its own database, sharing nothing but the broker. */
final class RunningSystem {

    static final String ADMIN_PASSWORD = "e2e-admin";

    final ServiceProcess memberService;
    final ServiceProcess reservationService;

    RunningSystem() {
        memberService = new ServiceProcess("member-service", "member-service.jar", arguments("member"));
        reservationService = new ServiceProcess("reservation-service", "reservation-service.jar",
            arguments("reservation"));
    }

    void start() {
        memberService.start();
        reservationService.start();
    }

    void stop() {
        reservationService.stop();
        memberService.stop();
    }

    Api members() {
        return new Api(memberService);
    }

    Api reservations() {
        return new Api(reservationService);
    }

    private static List<String> arguments(String database) {
        List<String> arguments = new ArrayList<>(List.of(TestInfrastructure.applicationArguments(database)));
        arguments.add("--messaging.provision=true");
        arguments.add("--admin.password=" + ADMIN_PASSWORD);
        return arguments;
    }

    /** Real HTTP; every status comes back as an answer, none as an exception. */
    record Api(ServiceProcess service) {

        private RestClient http() {
            return RestClient.builder().baseUrl(service.baseUrl())
                .defaultStatusHandler(status -> true, (request, response) -> {
                })
                .build();
        }

        ResponseEntity<JsonNode> get(String path) {
            return http().get().uri(path).retrieve().toEntity(JsonNode.class);
        }

        ResponseEntity<JsonNode> post(String path, Map<String, ?> body) {
            return http().post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(JsonNode.class);
        }

        ResponseEntity<JsonNode> delete(String path) {
            return http().delete().uri(path).retrieve().toEntity(JsonNode.class);
        }

        ResponseEntity<JsonNode> admin(HttpMethod method, String path) {
            return http().method(method).uri(path).headers(headers -> headers.setBasicAuth("admin", ADMIN_PASSWORD))
                .retrieve().toEntity(JsonNode.class);
        }
    }
}
