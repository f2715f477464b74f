package com.example.events.e2e;

import java.util.Map;

import com.example.events.localsystem.ServiceProcess;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

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
}
