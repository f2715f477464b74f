package com.example.events.memberservice.admin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * What a replay sends again, exactly one of: the stored events from a sequence, the
 * stored events from an instant (every event that occurred at or after it), or fresh
 * events of some members for one subscriber.
 *
 * @param memberIds the members to re-emit to {@code subscriber}: a snapshot of each that
 * exists, a deletion of each that does not; duplicates count once
 * @param subscriber the one subscriber to replay for, as named in its filter policy; none
 * means everyone, and is allowed only with a position
 */
@ReplayRequest.PositionOrMembers
record ReplayRequest(@PositiveOrZero Long fromSequence, Instant fromOccurredAt,
        @Size(min = 1, max = ReplayRequest.MAX_MEMBER_IDS) List<@NotNull UUID> memberIds,
        @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+",
                message = "must be lowercase letters, digits or '-'") String subscriber) {

    static final int MAX_MEMBER_IDS = 1_000;

    static final String ONE_POSITION = "give exactly one of fromSequence and fromOccurredAt";

    static final String NOT_WITH_MEMBERS = "must be absent when memberIds is given";

    static final String SUBSCRIBER_FOR_MEMBERS = "is required with memberIds";

    /** The sequence to start from; 0 when the replay starts at an instant. */
    long sequence() {
        return fromSequence == null ? 0 : fromSequence;
    }

    boolean forMembers() {
        return memberIds != null;
    }

    /**
     * Reported on each field concerned, so a client sees the error next to its input.
     */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = PositionOrMembersValidator.class)
    @interface PositionOrMembers {

        String message() default ONE_POSITION;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

    }

    static final class PositionOrMembersValidator implements ConstraintValidator<PositionOrMembers, ReplayRequest> {

        @Override
        public boolean isValid(ReplayRequest request, ConstraintValidatorContext context) {
            context.disableDefaultConstraintViolation();
            if (request.forMembers()) {
                boolean valid = true;
                if (request.fromSequence() != null) {
                    valid = invalid(context, "fromSequence", NOT_WITH_MEMBERS);
                }
                if (request.fromOccurredAt() != null) {
                    valid = invalid(context, "fromOccurredAt", NOT_WITH_MEMBERS);
                }
                if (request.subscriber() == null) {
                    valid = invalid(context, "subscriber", SUBSCRIBER_FOR_MEMBERS);
                }
                return valid;
            }
            if ((request.fromSequence() == null) != (request.fromOccurredAt() == null)) {
                return true;
            }
            invalid(context, "fromSequence", ONE_POSITION);
            return invalid(context, "fromOccurredAt", ONE_POSITION);
        }

        private static boolean invalid(ConstraintValidatorContext context, String field, String message) {
            context.buildConstraintViolationWithTemplate(message).addPropertyNode(field).addConstraintViolation();
            return false;
        }

    }

}
