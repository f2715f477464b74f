package com.example.events.localsystem.console;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;

import com.example.events.localsystem.console.ServiceApi.Answer;
import tools.jackson.databind.JsonNode;

/**
 * member-service's backfill as the page shows it, from the one status read each sample
 * makes. Every run the console starts or sees running is followed to its end, so that the
 * activity log says what came of it.
 */
final class MemberBackfill {

    static final String PATH = "/admin/events/backfill";

    private final ActivityLog log;

    // a run is known by when it started; one that ends between two samples is still
    // reported when the console started it
    private final Set<String> followed = new HashSet<>();

    MemberBackfill(ActivityLog log) {
        this.log = log;
    }

    /** A run the console started, from member-service's 202 answer. */
    synchronized void started(JsonNode status) {
        String startedAt = text(status, "startedAt");
        if (startedAt != null) {
            followed.add(startedAt);
        }
    }

    /**
     * What the page shows of member-service's answer to {@code GET} {@value #PATH};
     * {@code members} is how many members it stores, when the console knows.
     */
    synchronized ConsoleState.Backfill sample(Answer answer, Long members) {
        if (answer.status() == 0) {
            return problem("member-service does not answer (" + answer.failure() + ")");
        }
        if (answer.status() == 404) {
            return problem(missing());
        }
        if (!answer.ok()) {
            return problem("GET " + PATH + ": " + answer.describe());
        }
        JsonNode body = answer.body();
        String state = text(body, "state");
        if (state == null) {
            return problem("GET " + PATH + " answered something other than a backfill status");
        }
        Long scanned = number(body, "scanned");
        Long emitted = number(body, "emitted");
        String startedAt = text(body, "startedAt");
        String finishedAt = text(body, "finishedAt");
        if (startedAt != null) {
            if (state.equals("RUNNING")) {
                followed.add(startedAt);
            }
            else if ((state.equals("DONE") || state.equals("FAILED")) && followed.remove(startedAt)) {
                ended(state, scanned, emitted, startedAt, finishedAt);
            }
        }
        Integer percent = percent(state, scanned, members);
        return new ConsoleState.Backfill(state, scanned, emitted, members, percent,
                progress(state, scanned, members, percent), startedAt, finishedAt, null);
    }

    /** Why there is no backfill to show or start: member-service predates it. */
    static String missing() {
        return "member-service has no backfill (" + PATH + " answers 404): an older member-service";
    }

    private void ended(String state, Long scanned, Long emitted, String startedAt, String finishedAt) {
        String took = took(startedAt, finishedAt);
        String counts = count(scanned) + " member(s) scanned, " + count(emitted) + " MemberSnapshot event(s) emitted";
        if (state.equals("DONE")) {
            log.done("backfill done" + took + ": " + counts);
        }
        else {
            log.failed("backfill FAILED" + took + ": " + counts + "; member-service's log says why");
        }
    }

    // while it runs (or where it stopped), against the members stored now; those
    // registered or deleted meanwhile make it approximate, so it never passes 100
    private static Integer percent(String state, Long scanned, Long members) {
        if (state.equals("DONE")) {
            return 100;
        }
        if (!(state.equals("RUNNING") || state.equals("FAILED")) || scanned == null || members == null
                || members == 0) {
            return null;
        }
        return (int) Math.min(100, scanned * 100 / members);
    }

    private static String progress(String state, Long scanned, Long members, Integer percent) {
        if (state.equals("IDLE") || scanned == null) {
            return null;
        }
        if (state.equals("DONE") || members == null || members == 0) {
            return scanned + " member(s) scanned";
        }
        return scanned + " of " + members + " members scanned (" + percent + " %)";
    }

    private static String took(String startedAt, String finishedAt) {
        if (startedAt == null || finishedAt == null) {
            return "";
        }
        try {
            Duration took = Duration.between(Instant.parse(startedAt), Instant.parse(finishedAt));
            return String.format(" in %.1f s", took.toMillis() / 1000.0);
        }
        catch (DateTimeParseException ex) {
            return "";
        }
    }

    private static ConsoleState.Backfill problem(String problem) {
        return new ConsoleState.Backfill(null, null, null, null, null, null, null, null, problem);
    }

    private static String count(Long value) {
        return value == null ? "?" : value.toString();
    }

    private static Long number(JsonNode body, String field) {
        JsonNode value = body.path(field);
        return value.isNumber() ? value.asLong() : null;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.path(field);
        return value.isString() && !value.asString().isBlank() ? value.asString() : null;
    }

}
