package com.example.events.memberservice.snapshot;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class BackfillController {

    private final BackfillTable table;

    private final BackfillRunner runner;

    private final BackfillProperties settings;

    BackfillController(BackfillTable table, BackfillRunner runner, BackfillProperties settings) {
        this.table = table;
        this.runner = runner;
        this.settings = settings;
    }

    /**
     * Accepted, not done: this instance starts it at once, and any instance finishes it
     * should this one stop. A JSON body only, as for a replay, so that no cross-site form
     * can post it.
     */
    @PostMapping(path = "/admin/events/backfill", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    BackfillStatus start(@Valid @RequestBody BackfillRequest request) {
        int chunkSize = request.chunkSize() == null ? settings.chunkSize() : request.chunkSize();
        BackfillStatus started = table.start(chunkSize, runner.owner(), settings.lease());
        runner.wakeUp();
        return started;
    }

    @GetMapping("/admin/events/backfill")
    BackfillStatus status() {
        return table.latest();
    }

}
