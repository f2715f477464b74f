package com.example.events.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One service's REST API over real HTTP; every status is an answer, only a connection
 * failure throws.
 */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient CLIENT = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    record Answer(int status, JsonNode body, HttpHeaders headers) {
    }

    private final URI base;

    private final String adminAuthorization;

    Http(URI base, String adminUser, String adminPassword) {
        this.base = base;
        this.adminAuthorization = "Basic " + Base64.getEncoder()
            .encodeToString((adminUser + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    Answer post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    Answer delete(String path) {
        return send(request(path).DELETE());
    }

    Answer adminGet(String path) {
        return send(request(path).header("Authorization", adminAuthorization).GET());
    }

    Answer adminPost(String path, Object body) {
        return send(request(path).header("Authorization", adminAuthorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
    }

    private static Answer send(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request.build());
        String body = response.body();
        return new Answer(response.statusCode(), body == null || body.isBlank() ? null : JSON.readTree(body),
                response.headers());
    }

    private static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " got no answer", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

}
