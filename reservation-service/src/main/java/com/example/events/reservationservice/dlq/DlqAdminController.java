package com.example.events.reservationservice.dlq;

import java.util.concurrent.CompletionException;

import com.example.events.reservationservice.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
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
    @PostMapping("/admin/dlq/redrive")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Move dead letters back to the queue")
    @ApiResponse(responseCode = "202", description = "Moved, or handed to an SQS message move task",
            useReturnTypeSchema = true, content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(name = "moved", ref = "#/components/examples/Redrive")))
    RedriveResponse redrive() {
        return new RedriveResponse(deadLetterQueue.redrive());
    }

    @ExceptionHandler({ CompletionException.class, SdkException.class })
    ProblemDetail brokerUnavailable(RuntimeException ex) {
        return Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "/problems/broker-unavailable", "Broker unavailable",
                "The message broker did not answer: " + (ex.getCause() != null ? ex.getCause() : ex).getMessage());
    }

}
