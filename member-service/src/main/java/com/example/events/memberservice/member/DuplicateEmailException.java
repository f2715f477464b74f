package com.example.events.memberservice.member;

import com.example.platform.web.ProblemException;
import org.springframework.http.HttpStatus;

class DuplicateEmailException extends ProblemException {

    DuplicateEmailException(String email) {
        super(HttpStatus.CONFLICT, "/problems/duplicate-email", "Email already registered",
                "A member with email " + email + " is already registered");
    }

}
