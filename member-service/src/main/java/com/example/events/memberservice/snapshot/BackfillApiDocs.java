package com.example.events.memberservice.snapshot;

import java.util.List;

import com.example.events.memberservice.web.OpenApiConfiguration;
import com.example.platform.openapi.ProblemDocs;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

import static com.example.events.memberservice.web.OpenApiConfiguration.example;

/**
 * The backfill endpoints' part of /v3/api-docs: summaries, examples and their problem
 * answers.
 */
@Component
class BackfillApiDocs implements OpenApiCustomizer {

    private static final String RUNNING = """
            {"state": "RUNNING", "scanned": 1500, "emitted": 1500, "startedAt": "2026-11-24T09:20:00Z",
             "finishedAt": null}""";

    @Override
    public void customise(OpenAPI api) {
        // startedAt null while none ever ran, finishedAt until it ends: both always
        // written
        ProblemDocs.nullable(api, "BackfillStatus", "startedAt", "finishedAt");
        PathItem backfill = api.getPaths().get("/admin/events/backfill");
        if (backfill == null) {
            return;
        }
        if (backfill.getPost() != null) {
            Operation post = admin(backfill.getPost()).summary("Backfill every member as a MemberSnapshot")
                .description("Starts an incremental snapshot of every member into the event log: a MemberSnapshot "
                        + "event of each, chunk by chunk in member id order, alongside live traffic and behind "
                        + "every live event. A deletion racing a chunk always ends with its MemberDeleted after "
                        + "the snapshot. One instance runs it; after a crash another resumes from the last chunk. "
                        + "chunkSize (default 500) is at most 10000. 409 while one runs; a DONE or FAILED one "
                        + "may be started again.");
            MediaType request = post.getRequestBody().getContent().get("application/json");
            request.addExamples("default chunk size", example("{}"));
            request.addExamples("chunk size", example("""
                    {"chunkSize": 1000}"""));
            ok(post.getResponses(), "202", "Started; its status", example("""
                    {"state": "RUNNING", "scanned": 0, "emitted": 0, "startedAt": "2026-11-24T09:20:00Z",
                     "finishedAt": null}"""));
            post.getResponses().addApiResponse("400", new ApiResponse().$ref("#/components/responses/BadRequest"));
            post.getResponses()
                .addApiResponse("409",
                        ProblemDocs.problem("A backfill is running", "backfill-running",
                                """
                                        {"type": "%s", "title": "A backfill is running", "status": 409,
                                         "detail": "A backfill is running; start another once it is DONE or FAILED (GET /admin/events/backfill)",
                                         "instance": "/admin/events/backfill"}"""
                                    .formatted(BackfillRunningException.TYPE)));
        }
        if (backfill.getGet() != null) {
            Operation get = admin(backfill.getGet()).summary("The latest backfill")
                .description("state IDLE (none ever ran), RUNNING, DONE or FAILED (a chunk failed for a reason "
                        + "other than the database being unavailable); scanned and emitted members so far; "
                        + "finishedAt null until it ends.");
            ok(get.getResponses(), "200", "The latest backfill", example(RUNNING));
        }
    }

    private static Operation admin(Operation operation) {
        operation.tags(List.of("Admin")).addSecurityItem(new SecurityRequirement().addList(OpenApiConfiguration.ADMIN));
        operation.getResponses().addApiResponse("401", new ApiResponse().$ref("#/components/responses/Unauthorized"));
        return operation;
    }

    private static void ok(ApiResponses responses, String code, String description, Example example) {
        ApiResponse response = responses.computeIfAbsent(code,
                missing -> new ApiResponse().content(new Content().addMediaType("application/json", new MediaType())));
        response.description(description);
        response.getContent().values().forEach(mediaType -> mediaType.addExamples("example", example));
    }

}
