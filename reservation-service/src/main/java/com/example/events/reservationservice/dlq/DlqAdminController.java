package com.example.events.reservationservice.dlq;

import java.net.URI;
import java.util.concurrent.CompletionException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import software.amazon.awssdk.core.exception.SdkException;

/** Admin only (HTTP Basic, see SecurityConfiguration): what is in the dead-letter queue, and sending it back. */
@RestController
class DlqAdminController {

    record RedriveResponse(int moved) {
    }

    private final DeadLetterQueue deadLetterQueue;

    DlqAdminController(DeadLetterQueue deadLetterQueue) {
        this.deadLetterQueue = deadLetterQueue;
    }

    @GetMapping("/admin/dlq")
    DlqContents contents() {
        return deadLetterQueue.peek();
    }

    /** Accepted: the consumer applies the moved messages when it receives them again. */
    @PostMapping("/admin/dlq/redrive")
    @ResponseStatus(HttpStatus.ACCEPTED)
    RedriveResponse redrive() {
        return new RedriveResponse(deadLetterQueue.redrive());
    }

    @ExceptionHandler({ CompletionException.class, SdkException.class })
    ProblemDetail brokerUnavailable(RuntimeException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
            "The message broker did not answer: " + (ex.getCause() != null ? ex.getCause() : ex).getMessage());
        problem.setType(URI.create("/problems/broker-unavailable"));
        problem.setTitle("Broker unavailable");
        return problem;
    }
}
