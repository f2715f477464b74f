package com.example.events.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** The two services' public REST API, as a client team would call it. */
final class Rest {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private static final Instant FIRST_SLOT = Instant.parse("2030-01-01T08:00:00Z");

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private final URI members;

    private final URI reservations;

    Rest(URI memberService, URI reservationService) {
        this.members = memberService;
        this.reservations = reservationService;
    }

    UUID registerMember(int index) {
        String body = "{\"name\": \"Bench %d\", \"email\": \"bench-%d-%s@example.com\"}".formatted(index, index,
                UUID.randomUUID());
        return firstId(send(post(members.resolve("/members"), body), 201));
    }

    UUID reserve(UUID memberId, int index) {
        Instant startsAt = FIRST_SLOT.plus(index, ChronoUnit.HOURS);
        String body = "{\"memberId\": \"%s\", \"resource\": \"court-%s\", \"startsAt\": \"%s\", \"endsAt\": \"%s\"}"
            .formatted(memberId, memberId, startsAt, startsAt.plus(1, ChronoUnit.HOURS));
        return firstId(send(post(reservations.resolve("/reservations"), body), 201));
    }

    /**
     * @return false when member-service refused the request (503: too many in progress),
     * having done nothing
     */
    boolean deleteMember(UUID memberId) {
        HttpRequest request = HttpRequest.newBuilder(members.resolve("/members/" + memberId)).DELETE().build();
        HttpResponse<String> response = exchange(request);
        return switch (response.statusCode()) {
            case 204 -> true;
            case 503 -> false;
            default -> throw new IllegalStateException(
                    "DELETE %s answered %d: %s".formatted(request.uri(), response.statusCode(), response.body()));
        };
    }

    /**
     * What a team coupled by API calls does after deleting a member: find and delete its
     * reservations.
     */
    void deleteReservationsOf(UUID memberId) {
        String page = send(HttpRequest.newBuilder(reservations.resolve("/reservations?size=100&memberId=" + memberId))
            .GET()
            .build(), 200);
        for (UUID reservation : ids(page)) {
            HttpResponse<String> response = exchange(
                    HttpRequest.newBuilder(reservations.resolve("/reservations/" + reservation)).DELETE().build());
            // 404: the event pipeline, still running beside this alternative, got there
            // first
            if (response.statusCode() != 204 && response.statusCode() != 404) {
                throw new IllegalStateException("DELETE reservation answered " + response.statusCode());
            }
        }
    }

    private static HttpRequest post(URI uri, String json) {
        return HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    }

    private String send(HttpRequest request, int expectedStatus) {
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException("%s %s answered %d: %s".formatted(request.method(), request.uri(),
                    response.statusCode(), response.body()));
        }
        return response.body();
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    private static UUID firstId(String json) {
        return ids(json).getFirst();
    }

    private static List<UUID> ids(String json) {
        List<UUID> ids = new ArrayList<>();
        var matcher = ID.matcher(json);
        while (matcher.find()) {
            ids.add(UUID.fromString(matcher.group(1)));
        }
        return ids;
    }

}
