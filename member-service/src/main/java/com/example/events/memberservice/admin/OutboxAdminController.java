package com.example.events.memberservice.admin;

import java.util.List;

import com.example.events.memberservice.eventlog.EventLog;
import com.example.events.memberservice.eventlog.LoggedEvent;
import com.example.events.memberservice.eventlog.OutboxStatus;
import com.example.events.memberservice.snapshot.TargetedReEmit;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OutboxAdminController {

    record ReplayResponse(int replayed) {
    }

    private final EventLog eventLog;

    private final TargetedReEmit reEmit;

    OutboxAdminController(EventLog eventLog, TargetedReEmit reEmit) {
        this.eventLog = eventLog;
        this.reEmit = reEmit;
    }

    @GetMapping("/admin/outbox")
    OutboxStatus status() {
        return eventLog.status();
    }

    @GetMapping("/admin/events")
    List<LoggedEvent> events(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return eventLog.newest(limit);
    }

    /**
     * Accepted, not done: the events are queued again and the relay publishes them soon,
     * after the events never published yet. A JSON body only, so that no cross-site form
     * can post it with a browser's remembered credentials. With member ids, fresh events
     * of those members rather than stored ones.
     */
    @PostMapping(path = "/admin/events/replay", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    ReplayResponse replay(@Valid @RequestBody ReplayRequest request) {
        if (request.forMembers()) {
            return new ReplayResponse(reEmit.reEmit(request.memberIds(), request.subscriber()));
        }
        return new ReplayResponse(eventLog.replay(request.sequence(), request.fromOccurredAt(), request.subscriber()));
    }

}
