package com.example.events.memberservice.outbox;

/**
 * The events this service publishes; the names are the contract's {@code eventType}
 * values.
 */
enum MemberEventType {

    MemberRegistered, MemberDeleted

}
