package com.example.events.memberservice.web;

import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import jakarta.persistence.PersistenceException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A request that cannot reach the database answers 503 with a {@code Retry-After}, never
 * 500: the database being away is no fault of the request. It answers within the pool's
 * connection timeout ({@code spring.datasource.hikari.connection-timeout}, 0.5 s) rather
 * than Hikari's default 30 s. Every change is one transaction: nothing of it was done,
 * or, if the connection broke during the commit itself, all of it, which sending it again
 * shows (a registration answers 409, a deletion 404).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseUnavailableAdvice {

    static final URI DATABASE_UNAVAILABLE = URI.create("/problems/database-unavailable");

    static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler({ DataAccessException.class, TransactionException.class, PersistenceException.class })
    ResponseEntity<ProblemDetail> unavailable(Exception ex, HttpServletRequest request) throws Exception {
        if (!databaseUnreachable(ex)) {
            throw ex;
        }
        String detail = "The database did not answer in time: nothing of this request was done, or, if the "
                + "connection broke while it was being committed, all of it. Send it again after " + RETRY_AFTER_SECONDS
                + " s";
        ProblemDetail problem = Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE.toString(),
                "Database unavailable", detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(problem);
    }

    /**
     * No connection within the pool's timeout, a connection that broke (a transaction
     * that could not begin, commit or roll back), or a server that is shutting down or
     * starting (SQLSTATE classes 08 and 57P).
     */
    static boolean databaseUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof org.hibernate.TransactionException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

}
