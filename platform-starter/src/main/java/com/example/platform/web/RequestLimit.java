package com.example.platform.web;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.Semaphore;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers 503 with a {@code Retry-After} to a request that finds
 * {@code web.max-concurrent-requests} others in progress, before anything of it runs: a
 * refused request has changed nothing and can simply be sent again. Tomcat on virtual
 * threads would otherwise take every request at once, and requests queued for the few
 * database connections fill the heap until the process dies (at 500 deletions/s offered
 * on a 2-core machine, with a 256 MB heap). The actuator stays outside the limit, so an
 * overloaded service still answers its health checks; work that is not an HTTP request (a
 * queue's listener) is not counted.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestLimit extends OncePerRequestFilter {

    /** Counts the refused requests, which never reach the filter that times requests. */
    public static final String REFUSED_METER = "http.server.requests.refused";

    private static final String RETRY_AFTER_SECONDS = "1";

    private final Semaphore permits;

    private final int limit;

    private final JsonMapper json;

    private final Counter refused;

    RequestLimit(PlatformWebProperties settings, JsonMapper json, ObjectProvider<MeterRegistry> meters) {
        this.limit = settings.maxConcurrentRequests();
        this.permits = new Semaphore(limit);
        this.json = json;
        this.refused = Counter.builder(REFUSED_METER)
            .description("Requests answered 503 because too many were in progress")
            // a web slice (@WebMvcTest) has no registry
            .register(meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!permits.tryAcquire()) {
            refused.increment();
            refuse(request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        }
        finally {
            permits.release();
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemDetail problem = Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, Problems.OVERLOADED, "Overloaded",
                "More than " + limit + " requests are in progress; nothing was done, send it again after "
                        + RETRY_AFTER_SECONDS + " s");
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        Problems.write(response, json, problem);
    }

}
