package com.example.events.memberservice.outbox;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OutboxAdminController {

    /**
     * @param subscriber the one subscriber to replay for, as named in its filter policy;
     * none means everyone
     */
    record ReplayRequest(@NotNull @PositiveOrZero Long fromSequence, @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+",
            message = "must be lowercase letters, digits or '-'") String subscriber) {
    }

    record ReplayResponse(int replayed) {
    }

    private final EventLog eventLog;

    OutboxAdminController(EventLog eventLog) {
        this.eventLog = eventLog;
    }

    @GetMapping("/admin/outbox")
    OutboxStatus status() {
        return eventLog.status();
    }

    /**
     * Accepted, not done: the events are queued again and the relay publishes them soon,
     * in no set order.
     */
    @PostMapping("/admin/events/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ReplayResponse replay(@Valid @RequestBody ReplayRequest request) {
        return new ReplayResponse(eventLog.replayFrom(request.fromSequence(), request.subscriber()));
    }

}
