package com.example.events.reservationservice.memberreplica;

import java.util.UUID;

import com.example.platform.web.ProblemException;
import org.springframework.http.HttpStatus;

class MemberReplicaNotFoundException extends ProblemException {

    MemberReplicaNotFoundException(UUID memberId) {
        super(HttpStatus.NOT_FOUND, "/problems/member-replica-not-found", "Member not known here",
                "No event about member " + memberId + " has reached this service");
    }

}
