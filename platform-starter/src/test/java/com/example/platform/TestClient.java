package com.example.platform;

import java.net.http.HttpClient;
import java.util.function.Consumer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The test service over real HTTP, answers of every status taken as they come. */
public final class TestClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer; {@link #json()} for a JSON body. */
    public record Answer(int status, HttpHeaders headers, String text) {

        public JsonNode json() {
            return JSON.readTree(text);
        }

        public String header(String name) {
            return headers.getFirst(name);
        }

    }

    private final RestClient http;

    public TestClient(int port) {
        this.http = RestClient.builder()
            // HTTP/1.1 as the services' clients speak it: no h2c upgrade attempt
            .requestFactory(new JdkClientHttpRequestFactory(
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()))
            .baseUrl("http://localhost:" + port)
            .defaultStatusHandler(status -> true, (request, response) -> {
            })
            .build();
    }

    public Answer get(String path) {
        return call(HttpMethod.GET, path, null, headers -> {
        });
    }

    public Answer call(HttpMethod method, String path, String json, Consumer<HttpHeaders> headers) {
        RestClient.RequestBodySpec request = http.method(method).uri(path).headers(headers);
        if (json != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(json);
        }
        return request.exchange((req, response) -> new Answer(response.getStatusCode().value(), response.getHeaders(),
                new String(response.getBody().readAllBytes())));
    }

}
