package com.example.events.reservationservice;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.springframework.boot.test.context.TestComponent;

/**
 * Every span the service finished, as an OTLP collector would receive them (no collector
 * runs in tests).
 */
@TestComponent
public class RecordedSpans implements SpanExporter {

    private final Collection<SpanData> spans = new ConcurrentLinkedQueue<>();

    public List<SpanData> finished() {
        return List.copyOf(spans);
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
        spans.addAll(batch);
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        spans.clear();
        return CompletableResultCode.ofSuccess();
    }

}
