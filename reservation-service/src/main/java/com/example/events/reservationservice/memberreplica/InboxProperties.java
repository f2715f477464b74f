package com.example.events.reservationservice.memberreplica;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How long the inbox remembers an event id. Within that window a redelivered event is
 * recognised by its id; after it, by its sequence (see {@link MemberReplicaUpdates}).
 *
 * @param retention processed event ids older than this are pruned
 */
@Validated
@ConfigurationProperties("reservation.inbox")
record InboxProperties(@NotNull Duration retention) {
}
