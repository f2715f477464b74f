package com.example.events.reservationservice.reservation;

import java.util.UUID;

import com.example.events.reservationservice.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class UnknownMemberException extends ErrorResponseException {

    UnknownMemberException(UUID memberId) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem(memberId), null);
    }

    private static ProblemDetail problem(UUID memberId) {
        return Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, "/problems/unknown-member", "Unknown member",
                "Member " + memberId + " is not known to this service (no MemberRegistered event has arrived)");
    }

}
