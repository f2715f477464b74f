package com.example.events.reservationservice.reservation;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class UnknownMemberException extends ErrorResponseException {

    UnknownMemberException(UUID memberId) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem(memberId), null);
    }

    private static ProblemDetail problem(UUID memberId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
            "Member " + memberId + " is not known to this service (no MemberRegistered event has arrived)");
        problem.setType(URI.create("/problems/unknown-member"));
        problem.setTitle("Unknown member");
        return problem;
    }
}
