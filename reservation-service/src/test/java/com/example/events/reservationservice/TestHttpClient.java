package com.example.events.reservationservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service over real HTTP, as its clients and an operator's probes and scrapers see
 * it.
 */
public final class TestHttpClient {

    public static final String ADMIN_USERNAME = "admin";

    public static final String ADMIN_PASSWORD = "test-admin-password";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * @param body the parsed JSON when the answer is JSON, else a missing node;
     * {@code text} in every case
     */
    public record Response(int status, String contentType, String location, String retryAfter, JsonNode body,
            String text) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    public TestHttpClient(int port) {
        this.port = port;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public int status(String path) {
        return get(path).status();
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response getAsAdmin(String path) {
        return send(request(path).header("Authorization", basic(ADMIN_USERNAME, ADMIN_PASSWORD)).GET());
    }

    /** An admin POST with nothing to say: {@code {}} as JSON. */
    public Response postAsAdmin(String path) {
        return postAsAdmin(path, "application/json", "{}");
    }

    public Response postAsAdmin(String path, String contentType, String body) {
        HttpRequest.Builder request = request(path).header("Authorization", basic(ADMIN_USERNAME, ADMIN_PASSWORD));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * With a bearer token (profile aws), or with none when it is null; no body when json
     * is null.
     */
    public Response withToken(String token, String method, String path, String json) {
        HttpRequest.Builder request = request(path);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.method(method,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    public static String basic(String username, String password) {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            return new Response(response.statusCode(), contentType,
                    response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null),
                    contentType.contains("json") && !body.isBlank() ? JSON.readTree(body) : JSON.missingNode(), body);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
