package com.example.events.localsystem.console;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {

    private static final String SCRAPE = """
            # HELP member_events_applied_total \s
            # TYPE member_events_applied_total counter
            member_events_applied_total{eventType="MemberDeleted",outcome="applied"} 3.0
            member_events_applied_total{eventType="MemberRegistered",outcome="applied"} 4.0
            member_events_applied_total{eventType="MemberRegistered",outcome="duplicate"} 1.0
            http_server_requests_seconds_count{uri="/a,\\"b\\"{c}",status="200"} 7
            member_events_propagation_seconds_bucket{le="0.1"} 2
            member_events_propagation_seconds_bucket{le="0.5"} 5
            member_events_propagation_seconds_bucket{le="+Inf"} 6
            member_events_propagation_seconds_count 6
            outbox_publish_failures_total 0.0 1700000000000
            """;

    @Test
    void sumsTheSeriesOfANameWhoseLabelsMatch() {
        PrometheusText text = PrometheusText.parse(SCRAPE);

        assertThat(text.sum("member_events_applied_total", Map.of("outcome", "applied"))).isEqualTo(7.0);
        assertThat(text.sum("member_events_applied_total", Map.of())).isEqualTo(8.0);
        assertThat(text.sum("outbox_publish_failures_total", Map.of())).isZero();
        assertThat(text.sum("no_such_series", Map.of())).isZero();
    }

    @Test
    void readsLabelValuesWithQuotesCommasAndBraces() {
        PrometheusText text = PrometheusText.parse(SCRAPE);

        assertThat(text.sum("http_server_requests_seconds_count", Map.of("uri", "/a,\"b\"{c}", "status", "200")))
            .isEqualTo(7.0);
    }

    @Test
    void givesAHistogramsCumulativeBucketsByUpperBound() {
        assertThat(PrometheusText.parse(SCRAPE).buckets("member_events_propagation_seconds"))
            .containsExactly(Map.entry(0.1, 2.0), Map.entry(0.5, 5.0), Map.entry(Double.POSITIVE_INFINITY, 6.0));
    }

}
