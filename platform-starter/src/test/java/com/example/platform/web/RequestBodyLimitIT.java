package com.example.platform.web;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.example.platform.PlatformTestApplication;
import com.example.platform.TestClient;
import com.example.platform.TestClient.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request body above the documented cap of 64 KiB is answered 413 problem+json, whether
 * its length is announced or it comes in chunks; one at the cap is served.
 */
@SpringBootTest(classes = PlatformTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestBodyLimitIT {

    private static final int CAP = 64 * 1024;

    @LocalServerPort
    int port;

    @Test
    void aBodyWithALengthAboveTheCapIs413() {
        Answer answer = new TestClient(port).call(HttpMethod.POST, "/things", thing(CAP + 1), headers -> {
        });

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertTooLarge(answer.json());
    }

    @Test
    void aChunkedBodyAboveTheCapIs413() throws Exception {
        byte[] body = thing(CAP + 1).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/things"))
            .header("Content-Type", "application/json")
            // from a stream: no Content-Length, the body goes in chunks
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();

        HttpResponse<String> answer;
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        }

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertTooLarge(JsonMapper.builder().build().readTree(answer.body()));
    }

    @Test
    void aBodyAtTheCapIsServed() {
        Answer answer = new TestClient(port).call(HttpMethod.POST, "/things", thing(CAP), headers -> {
        });

        assertThat(answer.status()).isEqualTo(200);
    }

    private static void assertTooLarge(JsonNode problem) {
        assertThat(problem.path("type").asString()).isEqualTo("/problems/request-too-large");
        assertThat(problem.path("title").asString()).isEqualTo("Request body too large");
        assertThat(problem.path("status").asInt()).isEqualTo(413);
        assertThat(problem.path("detail").asString())
            .isEqualTo("The request body is larger than 64 KB, the most this service accepts; nothing was done");
    }

    /** A valid thing whose JSON is exactly {@code bytes} long. */
    private static String thing(int bytes) {
        String frame = "{\"name\": \"\", \"count\": 1}";
        return "{\"name\": \"" + "x".repeat(bytes - frame.length()) + "\", \"count\": 1}";
    }

}
