package com.example.events.localsystem.console;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class IncreaseTest {

    @Test
    void aRateIsTheGrowthOverTheWindowPerSecond() {
        Increase applied = new Increase(Duration.ofSeconds(5));

        assertThat(applied.add(0, counter(10)).perSecond(0.0)).as("one sample: no window yet").isNull();
        applied.add(1_000, counter(12));
        assertThat(applied.add(2_000, counter(20)).perSecond(0.0)).isEqualTo(5.0);
        for (int second = 3; second <= 10; second++) {
            applied.add(second * 1_000L, counter(20 + second));
        }
        // over the last five seconds only: 25 at 5 s to 30 at 10 s
        assertThat(applied.add(10_000, counter(30)).perSecond(0.0)).isEqualTo(1.0);
    }

    @Test
    void aCounterThatWentDownStartsTheWindowAgain() {
        Increase applied = new Increase(Duration.ofSeconds(5));
        applied.add(0, counter(100));
        applied.add(1_000, counter(110));

        Increase.Delta afterRestart = applied.add(2_000, counter(3));

        assertThat(afterRestart.perSecond(0.0)).as("no window since the restart yet").isNull();
        assertThat(applied.add(3_000, counter(7)).perSecond(0.0)).isEqualTo(4.0);
    }

    @Test
    void quantilesInterpolateWithinTheBucketOfTheRankAsPrometheusDoes() {
        Increase propagation = new Increase(Duration.ofMinutes(1));
        propagation.add(0, Map.of(0.1, 0.0, 0.5, 0.0, Double.POSITIVE_INFINITY, 0.0));

        // 100 observations in the window: 40 up to 100 ms, 50 more up to 500 ms, 10 above
        Increase.Delta window = propagation.add(1_000, Map.of(0.1, 40.0, 0.5, 90.0, Double.POSITIVE_INFINITY, 100.0));

        assertThat(window.quantile(0.2)).isCloseTo(0.05, within(1e-9));
        assertThat(window.quantile(0.5)).isCloseTo(0.1 + 0.4 * 10 / 50, within(1e-9));
        assertThat(window.quantile(0.99)).as("in the open bucket: its lower bound").isEqualTo(0.5);
    }

    @Test
    void noObservationInTheWindowHasNoQuantile() {
        Increase propagation = new Increase(Duration.ofMinutes(1));
        propagation.add(0, Map.of(0.1, 5.0, Double.POSITIVE_INFINITY, 5.0));

        assertThat(propagation.add(1_000, Map.of(0.1, 5.0, Double.POSITIVE_INFINITY, 5.0)).quantile(0.5)).isNull();
    }

    private static Map<Double, Double> counter(double value) {
        return Map.of(0.0, value);
    }

}
