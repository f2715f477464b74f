package com.example.events.reservationservice.reservation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.events.reservationservice.TestHttpClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API over HTTP, against the real database. */
class ReservationApiIT extends IntegrationTestSupport {

    private static final Instant TEN = Instant.now().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

    private UUID member;

    @BeforeEach
    void aRegisteredMember() {
        member = registerMember(1);
    }

    @Test
    void createGetPageAndCancel() {
        Response created = reserve(member, "court-3", TEN, TEN.plusSeconds(3600));
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().path("id").asString();
        assertThat(created.location()).isEqualTo("/reservations/" + id);
        assertThat(created.body().path("memberId").asString()).isEqualTo(member.toString());
        assertThat(created.body().path("resource").asString()).isEqualTo("court-3");
        assertThat(Instant.parse(created.body().path("startsAt").asString())).isEqualTo(TEN);
        assertThat(Instant.parse(created.body().path("endsAt").asString())).isEqualTo(TEN.plusSeconds(3600));
        assertThat(created.body().path("createdAt").isMissingNode()).isFalse();

        Response fetched = get("/reservations/" + id);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(created.body());

        // back to back on the same resource is no overlap: ranges are [startsAt, endsAt)
        assertThat(reserve(member, "court-3", TEN.plusSeconds(3600), TEN.plusSeconds(7200)).status()).isEqualTo(201);
        Response page = get("/reservations?memberId=" + member + "&page=0&size=1");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().path("content")).hasSize(1);
        assertThat(page.body().path("content").path(0).path("id").asString()).isEqualTo(id);
        assertThat(page.body().path("page").path("size").asInt()).isEqualTo(1);
        assertThat(page.body().path("page").path("number").asInt()).isZero();
        assertThat(page.body().path("page").path("totalElements").asLong()).isEqualTo(2);
        assertThat(page.body().path("page").path("totalPages").asInt()).isEqualTo(2);

        assertThat(delete("/reservations/" + id).status()).isEqualTo(204);
        Response gone = get("/reservations/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.contentType()).startsWith("application/problem+json");
        assertThat(gone.body().path("type").asString()).isEqualTo("/problems/reservation-not-found");
        assertThat(delete("/reservations/" + id).status()).isEqualTo(404);
        assertThat(reservationCount()).isEqualTo(1);
    }

    @Test
    void anOverlapOnTheSameResourceIsAConflict() {
        assertThat(reserve(member, "court-3", TEN, TEN.plusSeconds(3600)).status()).isEqualTo(201);

        Response overlapping = reserve(member, "court-3", TEN.plusSeconds(1800), TEN.plusSeconds(5400));

        assertProblem(overlapping, 409, "/problems/reservation-overlap");
        assertThat(reserve(member, "court-4", TEN.plusSeconds(1800), TEN.plusSeconds(5400)).status()).isEqualTo(201);
        assertThat(reservationCount()).isEqualTo(2);
    }

    @Test
    void eachBadInputAnswersItsProblemAndWritesNothing() {
        String valid = reservationJson(member, "court-3", TEN, TEN.plusSeconds(3600));
        UUID unknown = UUID.randomUUID();
        UUID deletedMember = UUID.randomUUID();
        publish(deleted(5, deletedMember));
        awaitReplica(deletedMember, "DELETED", 5);

        assertProblem(post("/reservations", valid.replace("court-3", "x".repeat(64 * 1024))), 413,
                "/problems/request-too-large");
        assertProblem(post("/reservations", "{\"memberId\": "), 400, "/problems/malformed-request");
        assertProblem(post("/reservations", "[1, 2]"), 400, "/problems/malformed-request");
        assertProblem(post("/reservations", "{}"), 400, "/problems/validation", "memberId", "resource", "startsAt",
                "endsAt");
        assertProblem(post("/reservations", valid.replace(member.toString(), "not-a-uuid")), 400,
                "/problems/validation", "memberId");
        assertProblem(post("/reservations", valid.replace(TEN.toString(), "tomorrow")), 400, "/problems/validation",
                "startsAt");
        assertProblem(reserve(member, "court-3", TEN, TEN), 400, "/problems/validation", "endsAt");
        assertProblem(reserve(member, "court-3", TEN, TEN.minusSeconds(60)), 400, "/problems/validation", "endsAt");
        assertProblem(reserve(member, "  ", TEN, TEN.plusSeconds(60)), 400, "/problems/validation", "resource");
        assertProblem(reserve(member, "x".repeat(101), TEN, TEN.plusSeconds(60)), 400, "/problems/validation",
                "resource");
        assertProblem(reserve(unknown, "court-3", TEN, TEN.plusSeconds(60)), 422, "/problems/unknown-member");
        assertProblem(reserve(deletedMember, "court-3", TEN, TEN.plusSeconds(60)), 422, "/problems/member-deleted");
        assertProblem(get("/reservations/not-a-uuid"), 400, "/problems/validation", "id");
        assertProblem(delete("/reservations/not-a-uuid"), 400, "/problems/validation", "id");
        assertProblem(get("/reservations/" + UUID.randomUUID()), 404, "/problems/reservation-not-found");
        assertProblem(delete("/reservations/" + UUID.randomUUID()), 404, "/problems/reservation-not-found");
        assertProblem(get("/reservations?memberId=" + member + "&size=101"), 400, "/problems/validation", "size");
        assertProblem(get("/reservations?memberId=" + member + "&size=0"), 400, "/problems/validation", "size");
        assertProblem(get("/reservations?memberId=" + member + "&page=-1"), 400, "/problems/validation", "page");
        assertProblem(get("/reservations?memberId=nope"), 400, "/problems/validation", "memberId");
        assertProblem(get("/reservations"), 400, "/problems/validation", "memberId");
        assertProblem(get("/member-replica/not-a-uuid"), 400, "/problems/validation", "memberId");
        assertProblem(get("/member-replica/" + unknown), 404, "/problems/member-replica-not-found");
        assertProblem(get("/nowhere"), 404, "about:blank");

        assertThat(reservationCount()).isZero();
        assertThat(reserve(member, "x".repeat(100), TEN, TEN.plusSeconds(60)).status()).isEqualTo(201);
    }

    @Test
    void timesThatDifferOnlyBelowAMicrosecondAreNotAfterEachOther() {
        String day = TEN.toString().substring(0, 10);
        String sameMicrosecond = """
                {"memberId": "%s", "resource": "court-3", "startsAt": "%sT10:00:00.0000001Z",
                 "endsAt": "%sT10:00:00.0000009Z"}
                """.formatted(member, day, day);

        assertProblem(post("/reservations", sameMicrosecond), 400, "/problems/validation", "endsAt");
        assertThat(reservationCount()).isZero();

        Response oneMicrosecond = post("/reservations", sameMicrosecond.replace("00.0000009Z", "00.0000019Z"));
        assertThat(oneMicrosecond.status()).isEqualTo(201);
        assertThat(oneMicrosecond.body().path("startsAt").asString()).isEqualTo(day + "T10:00:00Z");
        assertThat(oneMicrosecond.body().path("endsAt").asString()).isEqualTo(day + "T10:00:00.000001Z");
    }

    @Test
    void ofTwoConcurrentCancellationsOneSucceedsAndTheOtherFindsNothing() throws Exception {
        for (int round = 0; round < 20; round++) {
            Instant startsAt = TEN.plus(round, ChronoUnit.HOURS);
            String path = "/reservations/"
                    + reserve(member, "court-7", startsAt, startsAt.plusSeconds(60)).body().path("id").asString();
            CyclicBarrier together = new CyclicBarrier(2);
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                Callable<Integer> cancel = () -> {
                    together.await();
                    return delete(path).status();
                };
                Future<Integer> first = clients.submit(cancel);
                Future<Integer> second = clients.submit(cancel);
                assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder(204, 404);
            }
        }
        assertThat(reservationCount()).isZero();
    }

    @Test
    void theMemberReplicaShowsWhatEventsTold() {
        Response replica = get("/member-replica/" + member);
        assertThat(replica.status()).isEqualTo(200);
        assertThat(replica.body().path("memberId").asString()).isEqualTo(member.toString());
        assertThat(replica.body().path("status").asString()).isEqualTo("ACTIVE");
        assertThat(replica.body().path("lastSequence").asLong()).isEqualTo(1);
    }

    @Test
    void probesMetricsAndApiDocsAreServed() {
        assertThat(get("/actuator/health").status()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").status()).isEqualTo(200);
        Response docs = get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().path("paths").has("/reservations")).isTrue();
        assertThat(docs.body().path("paths").has("/member-replica/{memberId}")).isTrue();
    }

    private void assertProblem(Response response, int status, String type, String... fields) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().path("type").asString()).isEqualTo(type);
        assertThat(response.body().path("title").asString()).isNotBlank();
        assertThat(response.body().path("status").asInt()).isEqualTo(status);
        assertThat(response.body().path("detail").asString()).isNotBlank();
        if (fields.length > 0) {
            assertThat(response.body().path("errors").valueStream().map(error -> error.path("field").asString()))
                .containsExactlyInAnyOrder(fields);
            assertThat(response.body().path("errors").valueStream().map(error -> error.path("message").asString()))
                .allSatisfy(message -> assertThat(message).isNotBlank());
        }
    }

}
