package com.example.events.memberservice.admin;

import java.util.List;

import com.example.events.memberservice.web.OpenApiConfiguration;
import com.example.platform.openapi.ProblemDocs;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

import static com.example.events.memberservice.web.OpenApiConfiguration.example;

/**
 * The outbox admin endpoints' part of /v3/api-docs: summaries, examples and their problem
 * answers.
 */
@Component
class OutboxAdminApiDocs implements OpenApiCustomizer {

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI api) {
        ProblemDocs.nullable(api, "LoggedEvent", "publishedAt", "traceId");
        var status = api.getPaths().get("/admin/outbox");
        if (status != null && status.getGet() != null) {
            Operation get = admin(status.getGet()).summary("Outbox status")
                .description("Events waiting to be published, published ones kept for replay, the last sequence and "
                        + "how long the oldest pending event has waited.");
            ok(get.getResponses(), "200", "Status", example("""
                    {"pending": 0, "published": 42, "lastSequence": 42, "oldestPendingAgeSeconds": 0}"""));
        }
        var events = api.getPaths().get("/admin/events");
        if (events != null && events.getGet() != null) {
            Operation get = admin(events.getGet()).summary("The newest stored events")
                .description("Newest first, at most limit (1 to 100, default 20) of them. publishedAt is null and "
                        + "state PENDING while an event waits to be published (again); traceId is the trace of the "
                        + "request that caused it, null when none was active.");
            ok(get.getResponses(), "200", "Stored events, newest first",
                    example("""
                            [{"sequence": 42, "eventId": "a3d85c17-6e2f-4b90-8c41-d7f0e9b2a561", "eventType": "MemberDeleted",
                              "memberId": "0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08", "occurredAt": "2026-11-24T09:15:00Z",
                              "publishedAt": null, "state": "PENDING", "traceId": "4bf92f3577b34da6a3ce929d0e0e4736"},
                             {"sequence": 41, "eventId": "6f1c9d4e-2b7a-4c1e-9f3d-8a5b2c7e1d40", "eventType": "MemberRegistered",
                              "memberId": "0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08", "occurredAt": "2026-11-24T09:14:00Z",
                              "publishedAt": "2026-11-24T09:14:00.012Z", "state": "PUBLISHED", "traceId": null}]"""));
            get.getResponses().addApiResponse("400", new ApiResponse().$ref("#/components/responses/BadRequest"));
        }
        var replay = api.getPaths().get("/admin/events/replay");
        if (replay != null && replay.getPost() != null) {
            Operation post = admin(replay.getPost()).summary("Replay stored events, or re-emit members")
                .description("Publishes every stored event from fromSequence on, or every one that occurred at or "
                        + "after fromOccurredAt (exactly one of the two), again, with the same eventId and sequence. "
                        + "With subscriber, only that subscriber's queue receives them (attribute replayFor). Events "
                        + "never published yet go out first: a replay never holds up live events. The log is "
                        + "compacted: it holds the newest event of every existing member, whatever its age. "
                        + "With memberIds (1 to 1000, duplicates count once; subscriber required, no position), "
                        + "fresh events to that subscriber alone instead: a MemberSnapshot of each existing member, "
                        + "a MemberDeleted of each id without one, each with a new eventId and a sequence above "
                        + "every earlier event of the member.");
            MediaType request = post.getRequestBody().getContent().get("application/json");
            request.addExamples("everyone", example("""
                    {"fromSequence": 0}"""));
            request.addExamples("one subscriber", example("""
                    {"fromSequence": 41, "subscriber": "reservation"}"""));
            request.addExamples("one subscriber, by time", example("""
                    {"fromOccurredAt": "2026-11-30T00:00:00Z", "subscriber": "reservation"}"""));
            request.addExamples("members, to one subscriber", example("""
                    {"memberIds": ["0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08"], "subscriber": "reservation"}"""));
            ok(post.getResponses(), "202", "Queued for publishing again, after every live event", example("""
                    {"replayed": 2}"""));
            post.getResponses().addApiResponse("400", new ApiResponse().$ref("#/components/responses/BadRequest"));
        }
    }

    private static Operation admin(Operation operation) {
        operation.tags(List.of("Admin")).addSecurityItem(new SecurityRequirement().addList(OpenApiConfiguration.ADMIN));
        operation.getResponses().addApiResponse("401", new ApiResponse().$ref("#/components/responses/Unauthorized"));
        return operation;
    }

    private static void ok(ApiResponses responses, String code, String description,
            io.swagger.v3.oas.models.examples.Example example) {
        ApiResponse response = responses.computeIfAbsent(code,
                missing -> new ApiResponse().content(new Content().addMediaType("application/json", new MediaType())));
        response.description(description);
        response.getContent().values().forEach(mediaType -> mediaType.addExamples("example", example));
    }

}
