package com.example.events.reservationservice.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.example.platform.openapi.ProblemDocs.badRequest;
import static com.example.platform.openapi.ProblemDocs.example;
import static com.example.platform.openapi.ProblemDocs.problem;

/**
 * What /v3/api-docs and Swagger UI show besides what springdoc reads from the
 * controllers: this service's examples and its own problem answers, referenced by name
 * from the controllers' {@code @ApiResponse(ref = ...)}. The problem schema, the admin
 * endpoints' HTTP Basic scheme and the answers every service shares
 * ({@code Unauthorized}, {@code DatabaseUnavailable}) come from the platform.
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
            .components(new Components().addExamples("CreateReservation", example("""
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
                .addResponses("BadRequest",
                        badRequest(
                                "Malformed JSON, a missing or invalid field or parameter "
                                        + "(a bad UUID, endsAt not after startsAt, size above 100)",
                                "/reservations", "endsAt", "must be after startsAt"))
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
                        "The member is unknown here (no MemberRegistered or MemberSnapshot has arrived) or deleted",
                        "unknown-member", """
                                {"type": "/problems/unknown-member", "title": "Unknown member", "status": 422,
                                 "detail": "Member 0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08 is not known to this service \
                                (no MemberRegistered or MemberSnapshot event has arrived)",
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
                .addResponses("BrokerUnavailable", problem("SQS did not answer", "broker-unavailable", """
                        {"type": "/problems/broker-unavailable", "title": "Broker unavailable", "status": 503,
                         "detail": "The message broker did not answer: Unable to execute HTTP request",
                         "instance": "/admin/dlq"}""")));
    }

}
