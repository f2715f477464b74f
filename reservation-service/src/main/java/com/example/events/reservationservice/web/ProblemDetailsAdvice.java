package com.example.events.reservationservice.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.example.events.reservationservice.database.DatabaseAvailability;
import com.example.events.reservationservice.database.DatabaseFailures;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every client error as RFC 9457 problem+json, with one entry per offending field so a
 * client can show it next to the input.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    static final String VALIDATION = "/problems/validation";
    static final String MALFORMED_REQUEST = "/problems/malformed-request";

    static final String DATABASE_UNAVAILABLE = "/problems/database-unavailable";

    /** Long enough for a pool to free a connection or a failover to finish starting. */
    static final String DATABASE_RETRY_AFTER_SECONDS = "2";

    record InvalidField(String field, String message) {
    }

    // absent in web slices
    private final ObjectProvider<DatabaseAvailability> database;

    ProblemDetailsAdvice(ObjectProvider<DatabaseAvailability> database) {
        this.database = database;
    }

    /**
     * The database unreachable, no connection free within the pool's timeout, or the
     * transaction refused for a conflict with others: the client may send the request
     * again. Any other failure of the database stays what it is, a fault of this service
     * (500).
     */
    @ExceptionHandler({ DataAccessException.class, TransactionException.class })
    ResponseEntity<Object> handleDatabaseFailure(RuntimeException ex, WebRequest request) {
        DatabaseAvailability availability = database.getIfAvailable();
        if ((availability != null ? availability.classify(ex) : DatabaseFailures.classify(ex)).isEmpty()) {
            throw ex;
        }
        ProblemDetail problem = Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE,
                "Database unavailable",
                "The database did not take the request; send it again after " + DATABASE_RETRY_AFTER_SECONDS + " s");
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, DATABASE_RETRY_AFTER_SECONDS);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InvalidField> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new InvalidField(error.getField(), error.getDefaultMessage()));
        }
        ex.getBindingResult()
            .getGlobalErrors()
            .forEach(error -> errors.add(new InvalidField(error.getObjectName(), error.getDefaultMessage())));
        return validationProblem(ex, headers, errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InvalidField> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(new InvalidField(name, error.getDefaultMessage()));
            }
        });
        return validationProblem(ex, headers, errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
                : ex.getPropertyName();
        String expected = ex.getRequiredType() == null ? "another type" : ex.getRequiredType().getSimpleName();
        var errors = List.of(new InvalidField(name, "'" + ex.getValue() + "' is not a valid " + expected));
        return validationProblem(ex, headers, errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = List.of(new InvalidField(ex.getParameterName(), "is required"));
        return validationProblem(ex, headers, errors, request);
    }

    /**
     * Syntactically broken JSON is a malformed request; well-formed JSON with a value of
     * the wrong shape in one field (a UUID that is not one, a date that is not ISO-8601)
     * is a validation error on that field.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath()
                .stream()
                .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName()
                        : Integer.toString(reference.getIndex()))
                .collect(Collectors.joining("."));
            String expected = mismatch.getTargetType() == null ? "value" : mismatch.getTargetType().getSimpleName();
            return validationProblem(ex, headers, List.of(new InvalidField(field, "is not a valid " + expected)),
                    request);
        }
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, MALFORMED_REQUEST, "Malformed request body",
                ex.getCause() instanceof JacksonException ? "The request body is not valid JSON for this endpoint"
                        : "The request body is missing or unreadable");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private ResponseEntity<Object> validationProblem(Exception ex, HttpHeaders headers, List<InvalidField> errors,
            WebRequest request) {
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, VALIDATION, "Invalid request",
                "The request has " + errors.size() + " invalid field(s)");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * RFC 9457 lets a problem leave out "type" when it is about:blank, and Spring's own
     * answers (404, 405, ...) do; the contract promises "type" on every error, so it is
     * always written.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getType() == null) {
            problem.setType(URI.create("about:blank"));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

}
