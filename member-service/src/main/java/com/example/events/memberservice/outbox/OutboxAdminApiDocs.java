package com.example.events.memberservice.outbox;

import java.util.List;

import com.example.events.memberservice.web.OpenApiConfiguration;
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
        var status = api.getPaths().get("/admin/outbox");
        if (status != null && status.getGet() != null) {
            Operation get = admin(status.getGet()).summary("Outbox status")
                .description("Events waiting to be published, published ones kept for replay, the last sequence and "
                        + "how long the oldest pending event has waited.");
            ok(get.getResponses(), "200", "Status", example("""
                    {"pending": 0, "published": 42, "lastSequence": 42, "oldestPendingAgeSeconds": 0}"""));
        }
        var replay = api.getPaths().get("/admin/events/replay");
        if (replay != null && replay.getPost() != null) {
            Operation post = admin(replay.getPost()).summary("Replay stored events")
                .description("Publishes every stored event from fromSequence on, or every one that occurred at or "
                        + "after fromOccurredAt (exactly one of the two), again, with the same eventId and sequence. "
                        + "With subscriber, only that subscriber's queue receives them (attribute replayFor). Events "
                        + "never published yet go out first: a replay never holds up live events. The log is "
                        + "compacted: it holds the newest event of every existing member, whatever its age.");
            MediaType request = post.getRequestBody().getContent().get("application/json");
            request.addExamples("everyone", example("""
                    {"fromSequence": 0}"""));
            request.addExamples("one subscriber", example("""
                    {"fromSequence": 41, "subscriber": "reservation"}"""));
            request.addExamples("one subscriber, by time", example("""
                    {"fromOccurredAt": "2026-11-30T00:00:00Z", "subscriber": "reservation"}"""));
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
