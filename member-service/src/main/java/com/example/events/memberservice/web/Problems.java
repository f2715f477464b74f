package com.example.events.memberservice.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The one way this service builds an RFC 9457 problem: every problem has a type, a title
 * and a detail.
 */
public final class Problems {

    private Problems() {
    }

    /**
     * @param type a path under {@code /problems/}, e.g. {@code /problems/validation}
     */
    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(type));
        problem.setTitle(title);
        return problem;
    }

}
