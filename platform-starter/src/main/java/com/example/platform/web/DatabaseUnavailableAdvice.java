package com.example.platform.web;

import java.net.URI;

import com.example.platform.database.DatabaseFailureClassifier;
import jakarta.persistence.PersistenceException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A request the database could not serve (unreachable, no connection free within the
 * pool's timeout, or the transaction refused for a conflict with others) answers 503 with
 * a {@code Retry-After}, never 500: it is no fault of the request. A change is one
 * transaction, so nothing of it was done, or, if the connection broke during the commit
 * itself, all of it, which sending it again shows. Any other failure of the database
 * stays what it is, a fault of the service (500).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseUnavailableAdvice {

    private final DatabaseFailureClassifier failures;

    private final long retryAfterSeconds;

    DatabaseUnavailableAdvice(DatabaseFailureClassifier failures, PlatformWebProperties settings) {
        this.failures = failures;
        this.retryAfterSeconds = settings.databaseRetryAfterSeconds();
    }

    @ExceptionHandler({ DataAccessException.class, TransactionException.class, PersistenceException.class })
    ResponseEntity<ProblemDetail> unavailable(RuntimeException ex, HttpServletRequest request) {
        if (!failures.isDatabaseFailure(ex)) {
            throw ex;
        }
        ProblemDetail problem = Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, Problems.DATABASE_UNAVAILABLE,
                "Database unavailable", Problems.databaseUnavailableDetail(retryAfterSeconds));
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(problem);
    }

}
