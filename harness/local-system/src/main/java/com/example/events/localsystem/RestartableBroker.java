package com.example.events.localsystem;

/**
 * A broker that can be restarted the way a broker host is restarted: every topic, queue,
 * subscription and message is gone afterwards, and whoever uses it has to notice.
 */
public interface RestartableBroker {

    /** Where it answers; the same endpoint before and after a restart. */
    Broker broker();

    /** Stops it and starts it again, empty; returns once it answers. */
    void restart();

}
