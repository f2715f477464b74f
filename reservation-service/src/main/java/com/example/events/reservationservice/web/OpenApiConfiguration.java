package com.example.events.reservationservice.web;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What /v3/api-docs and Swagger UI show besides what springdoc reads from the
 * controllers: the problem+json answers (RFC 9457) the endpoints share, referenced by
 * name from the controllers' {@code @ApiResponse(ref = ...)}, the examples they refer to,
 * and the admin endpoints' HTTP Basic scheme.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI reservationServiceApi() {
        return new OpenAPI()
            .info(new Info().title("reservation-service")
                .version("1")
                .description("Owns reservations. Knows members only from the events of member-service's topic "
                        + "member-events, through its own SQS queue. Errors are application/problem+json."))
            .components(new Components()
                .addSecuritySchemes("admin",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP)
                            .scheme("basic")
                            .description("ADMIN_USERNAME / ADMIN_PASSWORD"))
                .addSchemas("Problem", problemSchema())
                .addExamples("CreateReservation", example("""
                        {"memberId": "0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08", "resource": "court-3",
                         "startsAt": "2026-12-01T10:00:00Z", "endsAt": "2026-12-01T11:00:00Z"}"""))
                .addExamples("Reservation", example("""
                        {"id": "5d2e8f14-7a3b-4c6d-9e10-2b4f6a8c0d1e",
                         "memberId": "0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08", "resource": "court-3",
                         "startsAt": "2026-12-01T10:00:00Z", "endsAt": "2026-12-01T11:00:00Z",
                         "createdAt": "2026-11-24T09:20:00Z"}"""))
                .addExamples("ReservationPage", example("""
                        {"content": [{"id": "5d2e8f14-7a3b-4c6d-9e10-2b4f6a8c0d1e",
                                      "memberId": "0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08", "resource": "court-3",
                                      "startsAt": "2026-12-01T10:00:00Z", "endsAt": "2026-12-01T11:00:00Z",
                                      "createdAt": "2026-11-24T09:20:00Z"}],
                         "page": {"size": 20, "number": 0, "totalElements": 1, "totalPages": 1}}"""))
                .addExamples("MemberReplica",
                        example("""
                                {"memberId": "0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08", "status": "ACTIVE", "lastSequence": 41}"""))
                .addExamples("DlqContents", example("""
                        {"approximateCount": 1, "messages": [{"messageId": "a1b2c3d4-0000-4000-8000-000000000001",
                         "body": "{\\"eventId\\": \\"nope\\", \\"eventType\\": \\"MemberDeleted\\"}",
                         "receiveCount": 3}]}"""))
                .addExamples("RedriveRequest", example("{}"))
                .addExamples("Redrive", example("""
                        {"moved": 1}"""))
                .addResponses("BadRequest", problem(
                        "Malformed JSON, a missing or invalid field or parameter "
                                + "(a bad UUID, endsAt not after startsAt, size above 100)",
                        "validation", """
                                {"type": "/problems/validation", "title": "Invalid request", "status": 400,
                                 "detail": "The request has 1 invalid field(s)", "instance": "/reservations",
                                 "errors": [{"field": "endsAt", "message": "must be after startsAt"}]}""",
                        "malformed-request",
                        """
                                {"type": "/problems/malformed-request", "title": "Malformed request body", "status": 400,
                                 "detail": "The request body is not valid JSON for this endpoint", "instance": "/reservations"}"""))
                .addResponses("Unauthorized", problem("No or wrong HTTP Basic credentials", "unauthorized", """
                        {"type": "/problems/unauthorized", "title": "Unauthorized", "status": 401,
                         "detail": "Admin endpoints need HTTP Basic credentials"}"""))
                .addResponses("ReservationNotFound", problem("No reservation with that id", "reservation-not-found", """
                        {"type": "/problems/reservation-not-found", "title": "Reservation not found", "status": 404,
                         "detail": "No reservation with id 5d2e8f14-7a3b-4c6d-9e10-2b4f6a8c0d1e",
                         "instance": "/reservations/5d2e8f14-7a3b-4c6d-9e10-2b4f6a8c0d1e"}"""))
                .addResponses("ReservationOverlap",
                        problem("The resource is reserved for part of that time", "reservation-overlap",
                                """
                                        {"type": "/problems/reservation-overlap", "title": "Reservation overlaps another", "status": 409,
                                         "detail": "Resource court-3 is already reserved for part of that time",
                                         "instance": "/reservations"}"""))
                .addResponses("MemberNotUsable", problem(
                        "The member is unknown here (no MemberRegistered has " + "arrived) or deleted",
                        "unknown-member", """
                                {"type": "/problems/unknown-member", "title": "Unknown member", "status": 422,
                                 "detail": "Member 0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08 is not known to this service \
                                (no MemberRegistered event has arrived)",
                                 "instance": "/reservations"}""", "member-deleted", """
                                {"type": "/problems/member-deleted", "title": "Member deleted", "status": 422,
                                 "detail": "Member 0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08 has been deleted",
                                 "instance": "/reservations"}"""))
                .addResponses("MemberReplicaNotFound",
                        problem("No event about that member has arrived", "member-replica-not-found",
                                """
                                        {"type": "/problems/member-replica-not-found", "title": "Member not known here", "status": 404,
                                         "detail": "No event about member 0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08 has reached this service",
                                         "instance": "/member-replica/0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08"}"""))
                .addResponses("RedriveInProgress",
                        problem("A message move task of the dead-letter queue is running", "redrive-in-progress",
                                """
                                        {"type": "/problems/redrive-in-progress", "title": "Redrive in progress", "status": 409,
                                         "detail": "A message move task of the dead-letter queue is running (3 of 10 moved); wait for it to finish",
                                         "instance": "/admin/dlq/redrive"}"""))
                .addResponses("UnsupportedMediaType",
                        problem("The body is not application/json", "unsupported-media-type", """
                                {"type": "about:blank", "title": "Unsupported Media Type", "status": 415,
                                 "detail": "Content-Type 'application/x-www-form-urlencoded' is not supported.",
                                 "instance": "/admin/dlq/redrive"}"""))
                .addResponses("DatabaseUnavailable", problem(
                        "The database did not take the request (unreachable, no free connection within 1 s, or a "
                                + "conflict with other transactions); Retry-After says when to send it again",
                        "database-unavailable",
                        """
                                {"type": "/problems/database-unavailable", "title": "Database unavailable", "status": 503,
                                 "detail": "The database did not take the request; send it again after 2 s",
                                 "instance": "/reservations"}"""))
                .addResponses("BrokerUnavailable", problem("SQS did not answer", "broker-unavailable", """
                        {"type": "/problems/broker-unavailable", "title": "Broker unavailable", "status": 503,
                         "detail": "The message broker did not answer: Unable to execute HTTP request",
                         "instance": "/admin/dlq"}""")));
    }

    private static Example example(String json) {
        try {
            return new Example().value(Json.mapper().readTree(json));
        }
        catch (com.fasterxml.jackson.core.JacksonException ex) {
            throw new IllegalArgumentException("Example is not JSON: " + json, ex);
        }
    }

    /** A problem+json response with examples given as name, JSON, name, JSON... */
    private static ApiResponse problem(String description, String... examples) {
        MediaType mediaType = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"));
        for (int i = 0; i < examples.length; i += 2) {
            mediaType.addExamples(examples[i], example(examples[i + 1]));
        }
        return new ApiResponse().description(description)
            .content(new Content().addMediaType("application/problem+json", mediaType));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details")
            .addProperty("type",
                    new StringSchema().description("Identifies the kind of problem, e.g. " + "/problems/validation"))
            .addProperty("title", new StringSchema())
            .addProperty("status", new IntegerSchema())
            .addProperty("detail", new StringSchema())
            .addProperty("instance", new StringSchema())
            .addProperty("errors",
                    new ArraySchema().description("Only for /problems/validation: one entry per " + "invalid field")
                        .items(new ObjectSchema().addProperty("field", new StringSchema())
                            .addProperty("message", new StringSchema())));
    }

}
