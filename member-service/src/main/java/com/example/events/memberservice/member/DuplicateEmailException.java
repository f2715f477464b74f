package com.example.events.memberservice.member;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class DuplicateEmailException extends ErrorResponseException {

    DuplicateEmailException(String email) {
        super(HttpStatus.CONFLICT, problem(email), null);
    }

    private static ProblemDetail problem(String email) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "A member with email " + email + " is already registered");
        problem.setType(URI.create("/problems/duplicate-email"));
        problem.setTitle("Email already registered");
        return problem;
    }

}
