package com.example.events.reservationservice.reservation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** {@code endsAt} strictly after {@code startsAt}; reported on {@code endsAt}. */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = EndsAfterStarts.Validator.class)
@interface EndsAfterStarts {

    String message() default "must be after startsAt";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<EndsAfterStarts, CreateReservationRequest> {

        @Override
        public boolean isValid(CreateReservationRequest request, ConstraintValidatorContext context) {
            if (request == null || request.startsAt() == null || request.endsAt() == null
                    || request.endsAt().isAfter(request.startsAt())) {
                return true; // missing values are @NotNull's to report
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                .addPropertyNode("endsAt")
                .addConstraintViolation();
            return false;
        }

    }

}
