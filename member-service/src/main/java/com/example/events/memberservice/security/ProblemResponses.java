package com.example.events.memberservice.security;

import java.io.IOException;

import com.example.events.memberservice.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * The problem+json body of a refused request, written where Spring Security answers
 * before any controller (and so before the web layer's problem handling) runs.
 */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static void write(HttpServletResponse response, JsonMapper jsonMapper, HttpStatus status, String type, String title,
            String detail) throws IOException {
        ProblemDetail problem = Problems.problem(status, type, title, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        jsonMapper.writeValue(response.getOutputStream(), problem);
    }

}
