package com.example.events.memberservice.outbox;

record OutboxStatus(long pending, long published, long lastSequence, long oldestPendingAgeSeconds) {
}
