package com.example.events.reservationservice.reservation;

import java.util.UUID;

import com.example.events.reservationservice.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class DeletedMemberException extends ErrorResponseException {

    DeletedMemberException(UUID memberId) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem(memberId), null);
    }

    private static ProblemDetail problem(UUID memberId) {
        return Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, "/problems/member-deleted", "Member deleted",
                "Member " + memberId + " has been deleted");
    }

}
