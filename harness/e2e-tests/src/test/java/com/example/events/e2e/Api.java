package com.example.events.e2e;

import java.util.Map;
import java.util.UUID;

import com.example.events.localsystem.LocalSystem;
import com.example.events.localsystem.ServiceProcess;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One service over real HTTP; every status comes back as an answer, none as an exception.
 */
record Api(ServiceProcess service) {

    private RestClient http() {
        return RestClient.builder()
            .baseUrl(service.baseUrl().toString())
            .defaultStatusHandler(status -> true, (request, response) -> {
            })
            .build();
    }

    ResponseEntity<JsonNode> get(String path) {
        return http().get().uri(path).retrieve().toEntity(JsonNode.class);
    }

    ResponseEntity<JsonNode> post(String path, Map<String, ?> body) {
        return http().post()
            .uri(path)
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .retrieve()
            .toEntity(JsonNode.class);
    }

    ResponseEntity<JsonNode> delete(String path) {
        return http().delete().uri(path).retrieve().toEntity(JsonNode.class);
    }

    ResponseEntity<JsonNode> delete(String path, String header, String value) {
        return http().delete().uri(path).header(header, value).retrieve().toEntity(JsonNode.class);
    }

    /** With the admin credentials the local system gives every service by default. */
    ResponseEntity<JsonNode> asAdmin(HttpMethod method, String path, Map<String, ?> body) {
        var request = http().method(method)
            .uri(path)
            .headers(headers -> headers.setBasicAuth(LocalSystem.DEFAULT_ADMIN_USERNAME,
                    LocalSystem.DEFAULT_ADMIN_PASSWORD));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.retrieve().toEntity(JsonNode.class);
    }

    /**
     * Registers a member under an email of its own (this being member-service), which
     * must answer 201, and returns its id.
     */
    UUID register(String name) {
        String email = name.toLowerCase().replace(' ', '.') + "." + UUID.randomUUID().toString().substring(0, 6)
                + "@example.com";
        ResponseEntity<JsonNode> response = post("/members", Map.of("name", name, "email", email));
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        return UUID.fromString(response.getBody().get("id").asString());
    }

    /**
     * The status of a member's replica (this being reservation-service); UNKNOWN where it
     * has none.
     */
    String replicaStatus(UUID member) {
        ResponseEntity<JsonNode> replica = get("/member-replica/" + member);
        return replica.getStatusCode().value() == 200 ? replica.getBody().get("status").asString() : "UNKNOWN";
    }

}
