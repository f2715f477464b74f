package com.example.events.memberservice.admin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * Where a replay starts, exactly one of: a sequence, or an instant (every event that
 * occurred at or after it).
 *
 * @param subscriber the one subscriber to replay for, as named in its filter policy; none
 * means everyone
 */
@ReplayRequest.OnePosition
record ReplayRequest(@PositiveOrZero Long fromSequence, Instant fromOccurredAt,
        @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+",
                message = "must be lowercase letters, digits or '-'") String subscriber) {

    static final String ONE_POSITION = "give exactly one of fromSequence and fromOccurredAt";

    /** The sequence to start from; 0 when the replay starts at an instant. */
    long sequence() {
        return fromSequence == null ? 0 : fromSequence;
    }

    /**
     * Reported on both fields, so a client sees the error next to either input.
     */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = OnePositionValidator.class)
    @interface OnePosition {

        String message() default ONE_POSITION;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

    }

    static final class OnePositionValidator implements ConstraintValidator<OnePosition, ReplayRequest> {

        @Override
        public boolean isValid(ReplayRequest request, ConstraintValidatorContext context) {
            if ((request.fromSequence() == null) != (request.fromOccurredAt() == null)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            for (String field : new String[] { "fromSequence", "fromOccurredAt" }) {
                context.buildConstraintViolationWithTemplate(ONE_POSITION)
                    .addPropertyNode(field)
                    .addConstraintViolation();
            }
            return false;
        }

    }

}
