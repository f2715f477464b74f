package com.example.events.memberservice.eventlog;

public record OutboxStatus(long pending, long published, long lastSequence, long oldestPendingAgeSeconds) {
}
