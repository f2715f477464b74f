package com.example.events.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** The two services' public REST API, as a client team would call it. */
final class Rest {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private static final int MAX_RETRIES_AFTER_503 = 3;

    private static final Instant FIRST_SLOT = Instant.parse("2030-01-01T08:00:00Z");

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private final URI members;

    private final URI reservations;

    private final String adminAuthorization;

    Rest(URI memberService, URI reservationService, String adminUsername, String adminPassword) {
        this.members = memberService;
        this.reservations = reservationService;
        this.adminAuthorization = "Basic " + Base64.getEncoder()
            .encodeToString((adminUsername + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    /** member-service's outbox: events not published yet, and the newest sequence. */
    record Outbox(long pending, long lastSequence) {
    }

    Outbox outbox() {
        String body = send(HttpRequest.newBuilder(members.resolve("/admin/outbox"))
            .header("Authorization", adminAuthorization)
            .GET()
            .build(), 200);
        return new Outbox(number(body, "pending"), number(body, "lastSequence"));
    }

    /**
     * Publishes every stored event from {@code fromSequence} on again, for one
     * subscriber.
     * @return how many events were queued again
     */
    long replay(long fromSequence, String subscriber) {
        String body = send(HttpRequest.newBuilder(members.resolve("/admin/events/replay"))
            .header("Authorization", adminAuthorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers
                .ofString("{\"fromSequence\": %d, \"subscriber\": \"%s\"}".formatted(fromSequence, subscriber)))
            .build(), 202);
        return number(body, "replayed");
    }

    /**
     * member-service's backfill of its members into the event log, as its admin API
     * reports it.
     */
    record Backfill(String state, long scanned, long emitted, Instant startedAt, Instant finishedAt) {

        boolean running() {
            return state.equals("RUNNING");
        }

    }

    /** Starts a backfill with member-service's default chunk size. */
    Backfill startBackfill() {
        return backfill(send(HttpRequest.newBuilder(members.resolve("/admin/events/backfill"))
            .header("Authorization", adminAuthorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build(), 202));
    }

    Backfill backfill() {
        return backfill(send(HttpRequest.newBuilder(members.resolve("/admin/events/backfill"))
            .header("Authorization", adminAuthorization)
            .GET()
            .build(), 200));
    }

    private static Backfill backfill(String body) {
        return new Backfill(text(body, "state"), number(body, "scanned"), number(body, "emitted"),
                instant(body, "startedAt"), instant(body, "finishedAt"));
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
        Answer answer = exchange(request);
        return switch (answer.status()) {
            case 204 -> true;
            case 503 -> false;
            default -> {
                if (answer.status() == 404 && answer.retried()) {
                    yield true; // the attempt whose answer was lost deleted it
                }
                throw new IllegalStateException(
                        "DELETE %s answered %d: %s".formatted(request.uri(), answer.status(), answer.body()));
            }
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
            Answer answer = exchange(
                    HttpRequest.newBuilder(reservations.resolve("/reservations/" + reservation)).DELETE().build());
            // 404: the event pipeline, still running beside this alternative, got there
            // first
            if (answer.status() != 204 && answer.status() != 404) {
                throw new IllegalStateException("DELETE reservation answered " + answer.status());
            }
        }
    }

    private static HttpRequest post(URI uri, String json) {
        return HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    }

    /**
     * A 503 means nothing of the request was done (the problem says so), so it is sent
     * again after its {@code Retry-After}, as a client of this API should, a few times.
     */
    private String send(HttpRequest request, int expectedStatus) {
        Answer answer = exchange(request);
        for (int attempt = 1; answer.status() == 503 && expectedStatus != 503
                && attempt <= MAX_RETRIES_AFTER_503; attempt++) {
            pause(answer.retryAfter());
            answer = exchange(request);
        }
        if (answer.status() != expectedStatus) {
            throw new IllegalStateException(
                    "%s %s answered %d: %s".formatted(request.method(), request.uri(), answer.status(), answer.body()));
        }
        return answer.body();
    }

    /**
     * A GET or DELETE whose connection failed is sent once more: the client may pick a
     * kept-alive connection the server is just closing (Tomcat closes one after 100
     * requests).
     */
    private Answer exchange(HttpRequest request) {
        boolean idempotent = request.method().equals("GET") || request.method().equals("DELETE");
        try {
            try {
                return new Answer(http.send(request, HttpResponse.BodyHandlers.ofString()), false);
            }
            catch (IOException ex) {
                if (!idempotent) {
                    throw ex;
                }
                return new Answer(http.send(request, HttpResponse.BodyHandlers.ofString()), true);
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    private record Answer(int status, String body, boolean retried, Duration retryAfter) {

        Answer(HttpResponse<String> response, boolean retried) {
            this(response.statusCode(), response.body(), retried,
                    response.headers()
                        .firstValue("Retry-After")
                        .map(seconds -> Duration.ofSeconds(Long.parseLong(seconds.trim())))
                        .orElse(Duration.ofSeconds(1)));
        }

    }

    private static long number(String json, String field) {
        var matcher = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return Long.parseLong(matcher.group(1));
    }

    private static String text(String json, String field) {
        var matcher = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return matcher.group(1);
    }

    /** Null where the field is null or absent. */
    private static Instant instant(String json, String field) {
        var matcher = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        return matcher.find() ? Instant.parse(matcher.group(1)) : null;
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
