package com.example.events.memberservice;

import java.util.Map;

import javax.sql.DataSource;

import com.example.events.testsupport.AwsProfileService;
import com.example.events.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * member-service as it runs on AWS (profile aws), over real HTTP: its endpoints behind
 * the platform's JWT scopes ({@code member-service/api}, {@code member-service/admin}),
 * with tokens signed by a key made here; the database reached through the IAM wrapper
 * driver as the runtime role that the platform's db/aws script grants to. No broker and
 * no AWS: SNS points at a closed port and the relay is off, so only what needs neither is
 * exercised. The context starts without ADMIN_PASSWORD: on AWS there is no Basic login.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "messaging.topic-arn=arn:aws:sns:eu-west-1:123456789012:member-events",
                "outbox.relay.enabled=false" })
@ActiveProfiles("aws")
@Import(TestJwtIssuer.Trusted.class)
class BearerTokenSecurityIT {

    private static final AwsProfileService aws = new AwsProfileService("member-service", "member_aws", "member_app");

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void awsProfile(DynamicPropertyRegistry registry) {
        aws.register(registry);
    }

    @Test
    void eachEndpointNeedsItsScope() {
        assertThat(status(null, "GET", "/members")).isEqualTo(401);
        assertThat(status(null, "GET", "/admin/outbox")).isEqualTo(401);
        assertThat(status(null, "POST", "/members")).isEqualTo(401);
        assertThat(status(null, "GET", "/actuator/health/liveness")).isEqualTo(200);

        assertThat(status(aws.token("api"), "GET", "/admin/outbox")).isEqualTo(403);
        assertThat(status(aws.token("api"), "POST", "/admin/events/replay")).isEqualTo(403);
        assertThat(status(aws.token("admin"), "GET", "/members")).isEqualTo(403);
        assertThat(status(TestJwtIssuer.shared().token("reservation-service/api"), "GET", "/members")).isEqualTo(403);
    }

    @Test
    void aTokenWithTheApiScopeUsesTheApiAsAnyCallerDidBefore() {
        String token = aws.token("api");
        ResponseEntity<JsonNode> created = call(token, "POST", "/members",
                Map.of("name", "Kim Minji", "email", "minji@example.com"));
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        String location = created.getHeaders().getFirst(HttpHeaders.LOCATION);

        assertThat(call(token, "GET", location, null).getBody().get("email").asString()).isEqualTo("minji@example.com");
        assertThat(status(token, "GET", "/members?size=101")).isEqualTo(400);
        assertThat(status(token, "DELETE", location)).isEqualTo(204);
        // metrics go to CloudWatch on AWS; nothing serves them over HTTP
        assertThat(status(token, "GET", "/actuator/prometheus")).isEqualTo(404);
    }

    @Test
    void aTokenWithTheAdminScopeUsesTheAdminEndpoints() {
        ResponseEntity<JsonNode> outbox = call(aws.token("admin"), "GET", "/admin/outbox", null);
        assertThat(outbox.getStatusCode().value()).isEqualTo(200);
        assertThat(outbox.getBody().has("pending")).isTrue();

        ResponseEntity<JsonNode> replay = call(aws.token("admin"), "POST", "/admin/events/replay",
                Map.of("fromSequence", 0));
        assertThat(replay.getStatusCode().value()).isEqualTo(202);
        assertThat(replay.getBody().has("replayed")).isTrue();
    }

    @Test
    void theServiceWorksAsTheRuntimeRoleThroughTheWrapperDriver() {
        assertThat(new JdbcTemplate(dataSource).queryForObject("select current_user", String.class))
            .isEqualTo(aws.runtimeRole());
    }

    private ResponseEntity<JsonNode> call(String token, String method, String path, Object body) {
        return new MemberApi(port).withToken(token, method, path, body);
    }

    private int status(String token, String method, String path) {
        return call(token, method, path, method.equals("POST") ? Map.of() : null).getStatusCode().value();
    }

}
