package com.example.platform.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way a service builds an RFC 9457 problem: every problem has a type, a title and
 * a detail. The types named here are the ones every service answers alike; each service
 * adds its own domain problems.
 */
public final class Problems {

    /** Invalid fields or parameters, one entry per field in {@code errors}. */
    public static final String VALIDATION = "/problems/validation";

    /** A body that is not JSON, or not readable at all. */
    public static final String MALFORMED_REQUEST = "/problems/malformed-request";

    /** A request body above {@code web.max-request-body}: nothing was done. */
    public static final String REQUEST_TOO_LARGE = "/problems/request-too-large";

    /** Too many requests in progress: nothing was done. */
    public static final String OVERLOADED = "/problems/overloaded";

    /** The database did not take the request. */
    public static final String DATABASE_UNAVAILABLE = "/problems/database-unavailable";

    public static final String UNAUTHORIZED = "/problems/unauthorized";

    public static final String FORBIDDEN = "/problems/forbidden";

    private Problems() {
    }

    /**
     * @param type a path under {@code /problems/}, e.g. {@link #VALIDATION}
     */
    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(type));
        problem.setTitle(title);
        return problem;
    }

    /** What a client the database could not serve is told. */
    public static String databaseUnavailableDetail(long retryAfterSeconds) {
        return "The database did not take the request: nothing of it was done, or, if the connection broke while it "
                + "was being committed, all of it. Send it again after " + retryAfterSeconds + " s";
    }

    /**
     * Writes a problem as the whole response, where a filter or Spring Security answers
     * before any controller (and so before the advice that writes the others) runs.
     */
    public static void write(HttpServletResponse response, JsonMapper json, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

}
