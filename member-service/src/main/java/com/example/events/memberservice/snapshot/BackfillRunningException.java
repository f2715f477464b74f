package com.example.events.memberservice.snapshot;

import com.example.platform.web.ProblemException;
import org.springframework.http.HttpStatus;

class BackfillRunningException extends ProblemException {

    static final String TYPE = "/problems/backfill-running";

    BackfillRunningException() {
        super(HttpStatus.CONFLICT, TYPE, "A backfill is running",
                "A backfill is running; start another once it is DONE or FAILED (GET /admin/events/backfill)");
    }

}
