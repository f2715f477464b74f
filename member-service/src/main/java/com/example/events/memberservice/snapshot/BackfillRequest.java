package com.example.events.memberservice.snapshot;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * @param chunkSize members per chunk; {@code backfill.chunk-size} when absent, at most
 * {@code backfill.max-chunk-size}
 */
record BackfillRequest(@BackfillRequest.WithinMaxChunkSize Integer chunkSize) {

    @Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = WithinMaxChunkSizeValidator.class)
    @interface WithinMaxChunkSize {

        String message() default "must be between 1 and backfill.max-chunk-size";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

    }

    /** Created by Spring's validator factory, which hands it the configured bound. */
    static final class WithinMaxChunkSizeValidator implements ConstraintValidator<WithinMaxChunkSize, Integer> {

        private final int maxChunkSize;

        WithinMaxChunkSizeValidator(BackfillProperties settings) {
            this.maxChunkSize = settings.maxChunkSize();
        }

        @Override
        public boolean isValid(Integer chunkSize, ConstraintValidatorContext context) {
            if (chunkSize == null || (chunkSize >= 1 && chunkSize <= maxChunkSize)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("must be between 1 and " + maxChunkSize)
                .addConstraintViolation();
            return false;
        }

    }

}
