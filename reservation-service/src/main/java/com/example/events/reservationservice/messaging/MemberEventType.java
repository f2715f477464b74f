package com.example.events.reservationservice.messaging;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The member event types this service consumes, by their name on the wire
 * ({@code eventType}).
 */
enum MemberEventType {

    REGISTERED("MemberRegistered"), DELETED("MemberDeleted");

    private final String wireName;

    MemberEventType(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    /** Empty for a type this service does not consume. */
    static Optional<MemberEventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }

    static List<String> wireNames() {
        return Arrays.stream(values()).map(MemberEventType::wireName).toList();
    }

}
