package com.example.events.memberservice;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Real HTTP against a running member-service: what a client sees, status, headers and
 * body. Each request is sent once: the JDK's client, unlike Apache's, does not send it
 * again by itself on a 503 with {@code Retry-After}. Redirects are followed, as a browser
 * follows them.
 */
public final class MemberApi {

    private final RestClient http;

    public MemberApi(int port) {
        this.http = RestClient.builder()
            .requestFactory(new JdkClientHttpRequestFactory(
                    HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()))
            .baseUrl("http://localhost:" + port)
            .defaultStatusHandler(status -> true, (request, response) -> {
            })
            .build();
    }

    public ResponseEntity<JsonNode> register(String name, String email) {
        return post("/members", Map.of("name", name, "email", email));
    }

    public ResponseEntity<JsonNode> post(String path, Object body) {
        return postJson(path).body(body).retrieve().toEntity(JsonNode.class);
    }

    public ResponseEntity<JsonNode> postWithHeader(String path, Object body, String header, String value) {
        return postJson(path).header(header, value).body(body).retrieve().toEntity(JsonNode.class);
    }

    /** A body sent as it is, e.g. malformed JSON. */
    public ResponseEntity<JsonNode> postRaw(String path, String json) {
        return post(path, json);
    }

    private RestClient.RequestBodySpec postJson(String path) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON);
    }

    public ResponseEntity<JsonNode> get(String path) {
        return http.get().uri(path).retrieve().toEntity(JsonNode.class);
    }

    public ResponseEntity<JsonNode> delete(String path) {
        return http.delete().uri(path).retrieve().toEntity(JsonNode.class);
    }

    public ResponseEntity<JsonNode> send(String method, String path) {
        return http.method(HttpMethod.valueOf(method)).uri(path).retrieve().toEntity(JsonNode.class);
    }

    /** Any body as text: metrics, HTML pages. */
    public ResponseEntity<String> text(String path) {
        return http.get().uri(path).retrieve().toEntity(String.class);
    }

    public ResponseEntity<JsonNode> asAdmin(String method, String path, Object body) {
        return as("admin", "test-admin", method, path, body);
    }

    /** With HTTP Basic credentials, right or wrong. */
    public ResponseEntity<JsonNode> as(String username, String password, String method, String path, Object body) {
        return authorized(headers -> headers.setBasicAuth(username, password), method, path, body);
    }

    /** With a bearer token (profile aws), or with none when it is null. */
    public ResponseEntity<JsonNode> withToken(String token, String method, String path, Object body) {
        return authorized(headers -> {
            if (token != null) {
                headers.setBearerAuth(token);
            }
        }, method, path, body);
    }

    private ResponseEntity<JsonNode> authorized(Consumer<HttpHeaders> authorization, String method, String path,
            Object body) {
        var request = http.method(HttpMethod.valueOf(method)).uri(path).headers(authorization);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.retrieve().toEntity(JsonNode.class);
    }

    /** As admin, with a body of any content type sent as it is, e.g. a form. */
    public ResponseEntity<JsonNode> asAdmin(String path, MediaType contentType, String body) {
        return http.post()
            .uri(path)
            .headers(headers -> headers.setBasicAuth("admin", "test-admin"))
            .contentType(contentType)
            .body(body)
            .retrieve()
            .toEntity(JsonNode.class);
    }

    public static String location(ResponseEntity<?> response) {
        return response.getHeaders().getFirst(HttpHeaders.LOCATION);
    }

}
