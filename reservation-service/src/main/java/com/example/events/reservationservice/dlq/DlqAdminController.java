package com.example.events.reservationservice.dlq;

import java.util.concurrent.CompletionException;

import com.example.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Admin only (see the security package): what is in the dead-letter queue, and sending it
 * back.
 */
@RestController
@Tag(name = "Admin")
@SecurityRequirement(name = "admin")
@ApiResponse(responseCode = "401", ref = "Unauthorized")
@ApiResponse(responseCode = "503", ref = "BrokerUnavailable")
class DlqAdminController {

    /**
     * Nothing to say yet; a body at all is required so that only a JSON request, which a
     * browser sends cross-site only with the server's consent (CORS), can start a
     * redrive.
     */
    record RedriveRequest() {
    }

    record RedriveResponse(int moved) {
    }

    private final DeadLetterQueue deadLetterQueue;

    DlqAdminController(DeadLetterQueue deadLetterQueue) {
        this.deadLetterQueue = deadLetterQueue;
    }

    @GetMapping("/admin/dlq")
    @Operation(summary = "The dead-letter queue",
            description = "Its approximate count and up to 10 messages, " + "left in the queue.")
    @ApiResponse(responseCode = "200", description = "Contents", useReturnTypeSchema = true,
            content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(name = "contents", ref = "#/components/examples/DlqContents")))
    DlqContents contents() {
        return deadLetterQueue.peek();
    }

    /** Accepted: the consumer applies the moved messages when it receives them again. */
    @PostMapping(path = "/admin/dlq/redrive", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Move dead letters back to the queue",
            description = "The body is {}. Where SQS has message move tasks, one moves them and the answer is "
                    + "what it moved within a few seconds (it goes on with the rest); elsewhere each is moved here.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(mediaType = "application/json",
                            examples = @ExampleObject(name = "redrive", ref = "#/components/examples/RedriveRequest"))))
    @ApiResponse(responseCode = "202", description = "Moved", useReturnTypeSchema = true,
            content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(name = "moved", ref = "#/components/examples/Redrive")))
    @ApiResponse(responseCode = "400", ref = "BadRequest")
    @ApiResponse(responseCode = "409", ref = "RedriveInProgress")
    @ApiResponse(responseCode = "415", ref = "UnsupportedMediaType")
    RedriveResponse redrive(@RequestBody RedriveRequest request) {
        return new RedriveResponse(deadLetterQueue.redrive());
    }

    @ExceptionHandler({ CompletionException.class, SdkException.class })
    ProblemDetail brokerUnavailable(RuntimeException ex) {
        Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
        String detail = cause instanceof AwsServiceException refused && refused.awsErrorDetails() != null
                ? "The message broker refused: " + refused.awsErrorDetails().errorCode() + ": "
                        + refused.awsErrorDetails().errorMessage()
                : "The message broker did not answer: " + cause.getMessage();
        return Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "/problems/broker-unavailable", "Broker unavailable",
                detail);
    }

}
