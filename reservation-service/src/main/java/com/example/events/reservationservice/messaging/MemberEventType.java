package com.example.events.reservationservice.messaging;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The member event types this service consumes, by their name on the wire
 * ({@code eventType}).
 */
enum MemberEventType {

    REGISTERED("MemberRegistered"), DELETED("MemberDeleted"), SNAPSHOT("MemberSnapshot");

    static final String OTHER = "other";

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

    /**
     * A metric tag value for any {@code eventType} on the wire: a type this service
     * consumes by its name, anything else as {@value #OTHER}, so that a sender cannot
     * create a time series per made-up name.
     */
    static String tagValue(String wireName) {
        return fromWireName(wireName).map(MemberEventType::wireName).orElse(OTHER);
    }

    static List<String> wireNames() {
        return Arrays.stream(values()).map(MemberEventType::wireName).toList();
    }

}
