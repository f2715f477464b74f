package com.example.events.reservationservice.memberreplica;

import java.util.UUID;

import com.example.events.reservationservice.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class MemberReplicaNotFoundException extends ErrorResponseException {

    MemberReplicaNotFoundException(UUID memberId) {
        super(HttpStatus.NOT_FOUND, problem(memberId), null);
    }

    private static ProblemDetail problem(UUID memberId) {
        return Problems.problem(HttpStatus.NOT_FOUND, "/problems/member-replica-not-found", "Member not known here",
                "No event about member " + memberId + " has reached this service");
    }

}
