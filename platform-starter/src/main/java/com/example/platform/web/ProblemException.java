package com.example.platform.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A domain failure a client must see as a problem: Spring MVC answers it with this status
 * and the problem built by {@link Problems}. Each feature of a service names its own
 * subclass.
 */
public abstract class ProblemException extends ErrorResponseException {

    /**
     * @param type a path under {@code /problems/}, e.g.
     * {@code /problems/member-not-found}
     */
    protected ProblemException(HttpStatus status, String type, String title, String detail) {
        super(status, Problems.problem(status, type, title, detail), null);
    }

}
