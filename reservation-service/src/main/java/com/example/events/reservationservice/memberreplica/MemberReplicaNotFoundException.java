package com.example.events.reservationservice.memberreplica;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class MemberReplicaNotFoundException extends ErrorResponseException {

    MemberReplicaNotFoundException(UUID memberId) {
        super(HttpStatus.NOT_FOUND, problem(memberId), null);
    }

    private static ProblemDetail problem(UUID memberId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
            "No event about member " + memberId + " has reached this service");
        problem.setType(URI.create("/problems/member-replica-not-found"));
        problem.setTitle("Member not known here");
        return problem;
    }
}
