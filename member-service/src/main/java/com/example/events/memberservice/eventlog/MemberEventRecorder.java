package com.example.events.memberservice.eventlog;

import java.util.UUID;

import com.example.events.memberservice.member.MemberDeleted;
import com.example.events.memberservice.member.MemberRegistered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns member changes into stored events. A plain (synchronous) listener runs inside the
 * transaction that made the change, so the event row commits with the member row or not
 * at all; a failure here rolls the change back.
 */
@Component
class MemberEventRecorder {

    private static final Logger log = LoggerFactory.getLogger(MemberEventRecorder.class);

    private final EventLog eventLog;

    MemberEventRecorder(EventLog eventLog) {
        this.eventLog = eventLog;
    }

    @EventListener
    void on(MemberRegistered event) {
        append(MemberEventType.MemberRegistered, event.memberId());
    }

    @EventListener
    void on(MemberDeleted event) {
        append(MemberEventType.MemberDeleted, event.memberId());
    }

    private void append(MemberEventType type, UUID memberId) {
        long sequence = eventLog.append(type, memberId);
        log.info("Stored {} for member {} as sequence {}", type, memberId, sequence);
    }

}
