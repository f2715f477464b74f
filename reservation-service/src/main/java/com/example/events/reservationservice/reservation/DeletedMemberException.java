package com.example.events.reservationservice.reservation;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class DeletedMemberException extends ErrorResponseException {

    DeletedMemberException(UUID memberId) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem(memberId), null);
    }

    private static ProblemDetail problem(UUID memberId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
            "Member " + memberId + " has been deleted");
        problem.setType(URI.create("/problems/member-deleted"));
        problem.setTitle("Member deleted");
        return problem;
    }
}
