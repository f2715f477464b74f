package com.example.platform.database;

/**
 * Decides whether a failure is the database's, so that a request answers 503 with a
 * {@code Retry-After} instead of 500. The platform's own is {@link DatabaseFailures}; a
 * service that knows more (a probe of its own that tells whether the database answers
 * right now) declares a bean of this type instead.
 */
@FunctionalInterface
public interface DatabaseFailureClassifier {

    /**
     * @return whether the database could not serve the work (unreachable, busy, or in
     * conflict with other transactions), so that the same work may succeed if sent again;
     * false when the failure is the work's own
     */
    boolean isDatabaseFailure(Throwable failure);

}
