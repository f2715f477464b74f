package com.example.events.memberservice.outbox;

import com.example.events.memberservice.IntegrationTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The outbox's integration tests: the whole service, plus the event log and the relay
 * they stop, start and drive themselves.
 */
abstract class OutboxIntegrationTestSupport extends IntegrationTestSupport {

    @Autowired
    EventLog eventLog;

    @Autowired
    OutboxRelay relay;

}
