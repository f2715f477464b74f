package com.example.events.localsystem.console;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services' public HTTP APIs as any operator reaches them: plain requests, HTTP Basic
 * for the admin endpoints. Every outcome is an {@link Answer}, a service that does not
 * answer included, so that the page can say what happened.
 */
final class ServiceApi {

    /**
     * @param status 0 when the service did not answer
     * @param body the JSON body, or a missing node
     * @param failure why there was no answer, or null
     * @param retryAfterSeconds what a 503's {@code Retry-After} asks, or -1
     * @param sentAgain how often a change was sent again after a 503 before this answer
     */
    record Answer(int status, JsonNode body, String failure, long retryAfterSeconds, int sentAgain) {

        Answer(int status, JsonNode body, String failure) {
            this(status, body, failure, -1, 0);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** "204", "404 (member not found)", "no answer (connection refused)". */
        String describe() {
            if (status == 0) {
                return "no answer (" + failure + ")";
            }
            String detail = body.path("detail").asString("");
            return detail.isEmpty() ? Integer.toString(status) : status + " (" + detail + ")";
        }

        /** "", or how often it was sent again, for the activity log. */
        String retries() {
            return sentAgain == 0 ? "" : " (after " + sentAgain + " × 503, each sent again as its Retry-After asked)";
        }

        Answer sentAgain(int times) {
            return new Answer(status, body, failure, retryAfterSeconds, times);
        }

    }

    private static final int SEND_AGAIN_AT_MOST = 2;

    private static final long RETRY_AFTER_AT_MOST_SECONDS = 10;

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1))
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();

    private final JsonMapper json;

    private final AdminCredentials admin;

    ServiceApi(JsonMapper json, AdminCredentials admin) {
        this.json = json;
        this.admin = admin;
    }

    Answer get(URI service, String path, Duration timeout) {
        return send(request(service, path, timeout).GET().build());
    }

    Answer adminGet(URI service, String path, Duration timeout) {
        return send(request(service, path, timeout).header("Authorization", admin.authorization()).GET().build());
    }

    Answer post(URI service, String path, Object body, Duration timeout) {
        return change(jsonPost(service, path, body, timeout).build());
    }

    Answer adminPost(URI service, String path, Object body, Duration timeout) {
        return change(jsonPost(service, path, body, timeout).header("Authorization", admin.authorization()).build());
    }

    Answer delete(URI service, String path, Duration timeout) {
        return change(request(service, path, timeout).DELETE().build());
    }

    /** A text body (the Prometheus scrape), or null when there is none. */
    String text(URI service, String path, Duration timeout) {
        try {
            HttpResponse<String> response = http.send(
                    request(service, path, timeout).setHeader("Accept", "text/plain").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        }
        catch (IOException ex) {
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private HttpRequest.Builder request(URI service, String path, Duration timeout) {
        return HttpRequest.newBuilder(service.resolve(path)).timeout(timeout).header("Accept", "application/json");
    }

    private HttpRequest.Builder jsonPost(URI service, String path, Object body, Duration timeout) {
        return request(service, path, timeout).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    }

    // As the services ask of every client: a 503 with Retry-After (the database away for
    // a moment, an overload) is sent again after that long, a few times. A change refused
    // with 503 was not done, so sending it again does it at most once.
    private Answer change(HttpRequest request) {
        Answer answer = send(request);
        int sentAgain = 0;
        while (answer.status() == 503 && answer.retryAfterSeconds() >= 0 && sentAgain < SEND_AGAIN_AT_MOST) {
            try {
                Thread.sleep(Duration.ofSeconds(Math.min(answer.retryAfterSeconds(), RETRY_AFTER_AT_MOST_SECONDS)));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
            answer = send(request);
            sentAgain++;
        }
        return answer.sentAgain(sentAgain);
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), parse(response.body()), null,
                    response.headers().firstValue("Retry-After").map(ServiceApi::seconds).orElse(-1L), 0);
        }
        catch (ConnectException ex) {
            return new Answer(0, json.missingNode(), "connection refused");
        }
        catch (HttpTimeoutException ex) {
            return new Answer(0, json.missingNode(),
                    "none within " + request.timeout().orElseThrow().toMillis() + " ms");
        }
        catch (IOException ex) {
            return new Answer(0, json.missingNode(),
                    ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new Answer(0, json.missingNode(), "interrupted");
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.strip());
        }
        catch (NumberFormatException httpDate) {
            return -1;
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return json.missingNode();
        }
        try {
            return json.readTree(body);
        }
        catch (JacksonException notJson) {
            return json.missingNode();
        }
    }

}
