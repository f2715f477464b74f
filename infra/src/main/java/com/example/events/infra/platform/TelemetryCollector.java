package com.example.events.infra.platform;

/**
 * The OpenTelemetry collector beside each service (AWS's distribution): it takes the
 * service's spans over OTLP/HTTP on localhost and sends them to X-Ray, signing with the
 * task role, which the service's own exporter cannot. Metrics do not pass through it: the
 * services push those to CloudWatch themselves.
 */
public final class TelemetryCollector {

    public static final String CONTAINER_NAME = "otel-collector";

    public static final String IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.45.1";

    /** Where the services' profile aws sends spans: http://localhost:4318/v1/traces. */
    public static final int OTLP_HTTP_PORT = 4318;

    /** The collector reads its configuration from this variable. */
    public static final String CONFIG_VARIABLE = "AOT_CONFIG_CONTENT";

    private TelemetryCollector() {
    }

    /**
     * Listens on the loopback interface only: nothing outside the task can send it spans.
     */
    public static String configuration() {
        return """
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:%d
                processors:
                  batch:
                    timeout: 5s
                exporters:
                  awsxray:
                    index_all_attributes: false
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      processors: [batch]
                      exporters: [awsxray]
                """.formatted(OTLP_HTTP_PORT);
    }

}
