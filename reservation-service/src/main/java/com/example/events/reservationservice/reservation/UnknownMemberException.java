package com.example.events.reservationservice.reservation;

import java.util.UUID;

import com.example.platform.web.ProblemException;
import org.springframework.http.HttpStatus;

class UnknownMemberException extends ProblemException {

    UnknownMemberException(UUID memberId) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, "/problems/unknown-member", "Unknown member", "Member " + memberId
                + " is not known to this service (no MemberRegistered or MemberSnapshot event has arrived)");
    }

}
