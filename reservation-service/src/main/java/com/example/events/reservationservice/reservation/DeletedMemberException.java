package com.example.events.reservationservice.reservation;

import java.util.UUID;

import com.example.platform.web.ProblemException;
import org.springframework.http.HttpStatus;

class DeletedMemberException extends ProblemException {

    DeletedMemberException(UUID memberId) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, "/problems/member-deleted", "Member deleted",
                "Member " + memberId + " has been deleted");
    }

}
