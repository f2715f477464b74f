package com.example.events.memberservice;

import java.util.Map;

import com.example.events.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * This service's admin endpoints behind the platform's HTTP Basic, its members API and
 * probes open; without ADMIN_PASSWORD it does not start.
 */
@IntegrationTest
class AdminSecurityIT {

    @LocalServerPort
    int port;

    @Test
    void adminEndpointsAnswerUnauthorizedWithoutCredentials() {
        var api = new MemberApi(port);

        var outbox = api.get("/admin/outbox");
        assertThat(outbox.getStatusCode().value()).isEqualTo(401);
        assertThat(outbox.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(outbox.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
        assertThat(api.post("/admin/events/replay", Map.of("fromSequence", 0)).getStatusCode().value()).isEqualTo(401);
        assertThat(api.as("admin", "wrong", "GET", "/admin/events", null).getStatusCode().value()).isEqualTo(401);
        assertThat(api.asAdmin("GET", "/admin/outbox", null).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void publicApiAndProbesNeedNoCredentials() {
        var api = new MemberApi(port);
        assertThat(api.get("/members").getStatusCode().value()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness").getStatusCode().value()).isEqualTo(200);
        assertThat(api.get("/actuator/health/liveness").getStatusCode().value()).isEqualTo(200);
        assertThat(api.text("/actuator/prometheus").getBody()).contains("outbox_events_published_total");
        assertThat(api.get("/v3/api-docs").getBody().get("paths").has("/members")).isTrue();
    }

    @Test
    void replayRejectsAMissingOrNegativeSequence() {
        var api = new MemberApi(port);
        assertThat(api.asAdmin("POST", "/admin/events/replay", Map.of()).getStatusCode().value()).isEqualTo(400);
        assertThat(api.asAdmin("POST", "/admin/events/replay", Map.of("fromSequence", -1)).getStatusCode().value())
            .isEqualTo(400);
    }

    @Test
    void theServiceRefusesToStartWithoutAnAdminPassword() {
        var withoutPassword = new SpringApplicationBuilder(MemberServiceApplication.class);
        String[] arguments = TestInfrastructure.applicationArguments("member", "--server.port=0", "--admin.password=",
                "--messaging.provision=true");

        assertThatThrownBy(() -> withoutPassword.run(arguments)).hasStackTraceContaining("ADMIN_PASSWORD");
    }

}
