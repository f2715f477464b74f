package com.example.events.memberservice.member;

import java.util.UUID;

import com.example.platform.web.ProblemException;
import org.springframework.http.HttpStatus;

class MemberNotFoundException extends ProblemException {

    MemberNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, "/problems/member-not-found", "Member not found", "No member with id " + id);
    }

}
