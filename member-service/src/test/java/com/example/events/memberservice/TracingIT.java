package com.example.events.memberservice;

import java.util.Map;

import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracing is on with the default configuration: the log lines a request causes carry its
 * trace id, so one grep finds everything a request did here and, through the traceparent
 * message attribute, in the consumer.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class TracingIT {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void logLinesOfARequestCarryItsTraceId(CapturedOutput output) {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        var response = new MemberApi(port).postWithHeader("/members",
                Map.of("name", "Logged", "email", "logged-" + System.nanoTime() + "@example.com"), "traceparent",
                "00-" + traceId + "-b7ad6b7169203331-01");

        assertThat(response.getStatusCode().value()).isEqualTo(201);
        assertThat(output.getOut().lines().filter(line -> line.contains("Stored MemberRegistered"))).singleElement()
            .asString()
            .contains(traceId);
    }

    @Test
    void nothingIsExportedOverOtlpUnlessConfigured(CapturedOutput output) {
        new MemberApi(port).register("Quiet", "quiet-" + System.nanoTime() + "@example.com");

        assertThat(context.getBeansOfType(SpanExporter.class).values())
            .noneMatch(exporter -> exporter.getClass().getSimpleName().startsWith("Otlp"));
        assertThat(context.getBeanNamesForType(OtlpMeterRegistry.class)).isEmpty();
        assertThat(output.getAll()).doesNotContainIgnoringCase("otlp").doesNotContain("Failed to export");
    }

}
