package com.example.events.memberservice.outbox;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the event log from growing forever; replay reaches back as far as the retention.
 */
@Component
class EventLogRetention {

    private static final Logger log = LoggerFactory.getLogger(EventLogRetention.class);

    private final EventLog eventLog;

    private final OutboxProperties properties;

    private final Clock clock;

    EventLogRetention(EventLog eventLog, OutboxProperties properties, Clock clock) {
        this.eventLog = eventLog;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(cron = "${outbox.retention.cleanup-cron}")
    int deleteExpired() {
        int deleted = eventLog.deletePublishedBefore(clock.instant().minus(properties.retention().keepPublishedFor()));
        if (deleted > 0) {
            log.info("Deleted {} published events older than {}", deleted, properties.retention().keepPublishedFor());
        }
        return deleted;
    }

}
