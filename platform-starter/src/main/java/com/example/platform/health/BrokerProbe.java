package com.example.platform.health;

import java.time.Duration;
import java.util.Map;

/**
 * Asks the message broker for the one thing a service cannot work without (its topic, its
 * queue). A service declares one as a bean; the platform turns it into the {@code broker}
 * health indicator ({@link BrokerHealthAutoConfiguration}).
 */
public interface BrokerProbe {

    /**
     * The broker, as an operator reads it in a failed check: {@code SNS}, {@code SQS}.
     */
    String broker();

    /**
     * Asks the broker, giving up after about {@code timeout}; a probe that takes longer
     * is abandoned all the same.
     * @return what the check reports while UP, e.g. the topic's ARN under {@code topic}
     * @throws Exception when the broker cannot be reached or lacks what was asked for
     */
    Map<String, Object> check(Duration timeout) throws Exception;

}
