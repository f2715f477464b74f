package com.example.events.memberservice.relay;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A lease shorter than a round would hand events still being published to another relay:
 * refused at start-up.
 */
class RelayPropertiesTest {

    @Test
    void theLeaseMustOutlastTheLongestRound() {
        // 100 events: ten requests, four at a time, so three waves of up to 10 s each
        assertThatCode(() -> relay(100, 4, Duration.ofSeconds(10), Duration.ofSeconds(31))).doesNotThrowAnyException();
        assertThatThrownBy(() -> relay(100, 4, Duration.ofSeconds(10), Duration.ofSeconds(30)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("outbox.relay.lease");
        assertThatCode(() -> relay(100, 10, Duration.ofSeconds(10), Duration.ofSeconds(11))).doesNotThrowAnyException();
    }

    private static RelayProperties relay(int batchSize, int maxInFlight, Duration publishTimeout, Duration lease) {
        return new RelayProperties(true, Duration.ofSeconds(1), batchSize, maxInFlight, publishTimeout, lease,
                Duration.ofMillis(500), Duration.ofSeconds(30), 1000);
    }

}
