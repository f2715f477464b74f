package com.example.events.memberservice.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.events.memberservice.OutboxIntegrationTestSupport;
import com.example.events.memberservice.eventlog.MemberEventType;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /admin/events: the newest stored events, as an operator's console shows them. */
class AdminEventsIT extends OutboxIntegrationTestSupport {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void listsTheNewestEventsNewestFirstWithTheirStateAndTrace() {
        var registered = api.postWithHeader("/members", Map.of("name", "Traced", "email", "traced@example.com"),
                "traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
        UUID member = id(registered.getBody());
        assertThat(api.delete("/members/" + member).getStatusCode().value()).isEqualTo(204);
        awaitNothingPending();
        UUID untraced = UUID.randomUUID();
        ResponseEntity<JsonNode> response;
        relay.stop();
        try {
            transaction.executeWithoutResult(status -> eventLog.append(MemberEventType.MemberRegistered, untraced));

            response = api.asAdmin("GET", "/admin/events", null);
        }
        finally {
            relay.start();
        }

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        List<JsonNode> events = response.getBody().valueStream().toList();
        assertThat(events).hasSize(3);
        assertThat(events).extracting(event -> event.get("sequence").asLong())
            .isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(events).allSatisfy(event -> assertThat(event.propertyNames()).containsExactlyInAnyOrder("sequence",
                "eventId", "eventType", "memberId", "occurredAt", "publishedAt", "state", "traceId"));

        JsonNode newest = events.get(0);
        assertThat(newest.get("memberId").asString()).isEqualTo(untraced.toString());
        assertThat(newest.get("traceId").isNull()).as("appended outside any trace").isTrue();
        assertThat(newest.get("state").asString()).isEqualTo("PENDING");
        assertThat(newest.get("publishedAt").isNull()).as("present, and null while pending").isTrue();
        JsonNode deleted = events.get(1);
        assertThat(deleted.get("eventType").asString()).isEqualTo("MemberDeleted");
        assertThat(deleted.get("state").asString()).isEqualTo("PUBLISHED");
        assertThat(Instant.parse(deleted.get("publishedAt").asString()))
            .isAfterOrEqualTo(Instant.parse(deleted.get("occurredAt").asString()));
        JsonNode first = events.get(2);
        assertThat(first.get("eventType").asString()).isEqualTo("MemberRegistered");
        assertThat(first.get("memberId").asString()).isEqualTo(member.toString());
        assertThat(first.get("traceId").asString()).as("the trace of the request that registered").isEqualTo(TRACE_ID);
        assertThat(UUID.fromString(first.get("eventId").asString()))
            .isNotEqualTo(UUID.fromString(deleted.get("eventId").asString()));
    }

    @Test
    void limitIsTwentyByDefaultAndAtMostOneHundred() {
        appendRegistrations(120);

        assertThat(api.asAdmin("GET", "/admin/events", null).getBody().size()).isEqualTo(20);
        assertThat(api.asAdmin("GET", "/admin/events?limit=100", null).getBody().size()).isEqualTo(100);
        assertThat(api.asAdmin("GET", "/admin/events?limit=3", null).getBody().size()).isEqualTo(3);
        for (String limit : List.of("101", "0", "many")) {
            var refused = api.asAdmin("GET", "/admin/events?limit=" + limit, null);
            assertThat(refused.getStatusCode().value()).as(limit).isEqualTo(400);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(refused.getBody().get("errors").get(0).get("field").asString()).isEqualTo("limit");
        }
        assertThat(api.get("/admin/events").getStatusCode().value()).as("admin only").isEqualTo(401);
    }

}
