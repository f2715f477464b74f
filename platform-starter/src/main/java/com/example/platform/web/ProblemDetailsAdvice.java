package com.example.platform.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every client error as RFC 9457 problem+json, with one entry per offending field so a
 * client can show it next to the input: the same bad input gets the same answer from
 * every service. What this class does not override (404 for an unknown path, 405, 415,
 * 406) keeps Spring's own problem details; a {@link ProblemException} is answered with
 * the problem it carries.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    record InvalidField(String field, String message) {
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
     * the wrong shape in one field (a UUID that is not one, a string where a number
     * belongs) is a validation error on that field.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.TooLargeException tooLarge) {
                // a body without a length, found too large while it was read
                return handleExceptionInternal(ex, RequestBodyLimit.problem(tooLarge.maxBytes()), headers,
                        HttpStatus.CONTENT_TOO_LARGE, request);
            }
        }
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
        String detail = ex.getCause() instanceof JacksonException
                ? "The request body is not valid JSON for this endpoint" : "The request body is missing or unreadable";
        return problem(ex, headers, request, Problems.MALFORMED_REQUEST, "Malformed request body", detail, null);
    }

    /**
     * A query string or form body Tomcat cannot parse (a parameter without a name, a
     * broken %-escape): the client's fault, so a 400 like any other bad parameter rather
     * than a failed request logged as an error.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> handleInvalidParameter(InvalidParameterException ex, WebRequest request) {
        return problem(ex, new HttpHeaders(), request, Problems.MALFORMED_REQUEST, "Malformed request",
                "The query string or form parameters cannot be parsed", null);
    }

    /**
     * A multipart Content-Type whose body cannot be parsed (no boundary, a broken part):
     * no endpoint takes multipart, and a request that says it sends one is malformed. (A
     * too large one is the 413 of the base class, the closer match.)
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> handleMultipart(MultipartException ex, WebRequest request) {
        return problem(ex, new HttpHeaders(), request, Problems.MALFORMED_REQUEST, "Malformed request body",
                "The request body is not a readable multipart body", null);
    }

    private ResponseEntity<Object> validationProblem(Exception ex, HttpHeaders headers, List<InvalidField> errors,
            WebRequest request) {
        return problem(ex, headers, request, Problems.VALIDATION, "Invalid request",
                "The request has " + errors.size() + " invalid field(s)", errors);
    }

    /** Every 400 this class writes, so they differ only in what they say. */
    private ResponseEntity<Object> problem(Exception ex, HttpHeaders headers, WebRequest request, String type,
            String title, String detail, List<InvalidField> errors) {
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, type, title, detail);
        if (errors != null) {
            problem.setProperty("errors", errors);
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * RFC 9457 lets a problem leave out "type" when it is about:blank, and Spring's own
     * answers (404, 405, ...) do; every error of these services carries a "type", so it
     * is always written.
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
