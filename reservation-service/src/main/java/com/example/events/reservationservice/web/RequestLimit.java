package com.example.events.reservationservice.web;

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
import jakarta.validation.constraints.Min;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers 503 with a {@code Retry-After} to a request that finds
 * {@code web.max-concurrent-requests} others in progress, before anything of it runs: a
 * refused request has changed nothing and can simply be sent again. Tomcat on virtual
 * threads would otherwise take every request at once, and requests queued for the few
 * database connections fill the heap until the process dies (the benchmark's synchronous
 * alternative at 500 deletions/s, three requests each, on a 2-core machine with a 256 MB
 * heap). The actuator stays outside the limit, so an overloaded service still answers its
 * health checks. The queue's listener is not an HTTP request: it keeps its own share of
 * the database pool.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
// here rather than only through the scan: web slices (@WebMvcTest) include the filter
@EnableConfigurationProperties(RequestLimit.Settings.class)
class RequestLimit extends OncePerRequestFilter {

    static final URI OVERLOADED = URI.create("/problems/overloaded");

    static final String REFUSED_METER = "http.server.requests.refused";

    private static final String RETRY_AFTER_SECONDS = "1";

    private final Semaphore permits;

    private final int limit;

    private final JsonMapper json;

    private final Counter refused;

    RequestLimit(Settings settings, JsonMapper json, ObjectProvider<MeterRegistry> meters) {
        this.limit = settings.maxConcurrentRequests();
        this.permits = new Semaphore(limit);
        this.json = json;
        // refused requests never reach the filter that times requests
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
        ProblemDetail problem = Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, OVERLOADED.toString(), "Overloaded",
                "More than " + limit + " requests are in progress; nothing was done, send it again after "
                        + RETRY_AFTER_SECONDS + " s");
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /**
     * @param maxConcurrentRequests requests served at once; far above the API's database
     * connections, so that short bursts queue for a connection (up to the pool's
     * connection timeout, then 503 database-unavailable) rather than being refused
     */
    @Validated
    @ConfigurationProperties("web")
    record Settings(@Min(1) int maxConcurrentRequests) {
    }

}
