package com.example.events.memberservice.member;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class MemberNotFoundException extends ErrorResponseException {

    MemberNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(UUID id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No member with id " + id);
        problem.setType(URI.create("/problems/member-not-found"));
        problem.setTitle("Member not found");
        return problem;
    }

}
