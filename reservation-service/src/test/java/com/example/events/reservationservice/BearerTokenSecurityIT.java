package com.example.events.reservationservice;

import java.util.UUID;

import javax.sql.DataSource;

import com.example.events.reservationservice.TestHttpClient.Response;
import com.example.events.testsupport.AwsProfileService;
import com.example.events.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * reservation-service as it runs on AWS (profile aws), over real HTTP: its endpoints
 * behind the platform's JWT scopes ({@code reservation-service/api},
 * {@code reservation-service/admin}), with tokens signed by a key made here; the database
 * reached through the IAM wrapper driver as the runtime role that the platform's db/aws
 * script grants to. No broker and no AWS: SQS points at a closed port (the listener keeps
 * retrying in the background), so only what needs neither is exercised. The context
 * starts without ADMIN_PASSWORD: on AWS there is no Basic login.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("aws")
@Import(TestJwtIssuer.Trusted.class)
class BearerTokenSecurityIT {

    private static final AwsProfileService aws = new AwsProfileService("reservation-service", "reservation_aws",
            "reservation_app");

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
        String replica = "/member-replica/" + UUID.randomUUID();
        assertThat(call(null, "GET", "/reservations?memberId=" + UUID.randomUUID(), null).status()).isEqualTo(401);
        assertThat(call(null, "GET", replica, null).status()).isEqualTo(401);
        assertThat(call(null, "GET", "/admin/dlq", null).status()).isEqualTo(401);
        assertThat(call(null, "POST", "/reservations", reservation(UUID.randomUUID())).status()).isEqualTo(401);
        assertThat(call(null, "POST", "/admin/dlq/redrive", "{}").status()).isEqualTo(401);
        assertThat(call(null, "GET", "/actuator/health/liveness", null).status()).isEqualTo(200);

        assertThat(call(aws.token("api"), "GET", "/admin/dlq", null).status()).isEqualTo(403);
        assertThat(call(aws.token("api"), "POST", "/admin/dlq/redrive", "{}").status()).isEqualTo(403);
        assertThat(call(aws.token("admin"), "POST", "/reservations", reservation(UUID.randomUUID())).status())
            .isEqualTo(403);
        assertThat(call(TestJwtIssuer.shared().token("member-service/api"), "GET", replica, null).status())
            .isEqualTo(403);
    }

    @Test
    void aTokenWithTheApiScopeUsesTheApiAsAnyCallerDidBefore() {
        String token = aws.token("api");
        UUID memberId = UUID.randomUUID();

        // a member this service has not learned of from events
        assertThat(call(token, "POST", "/reservations", reservation(memberId)).status()).isEqualTo(422);
        assertThat(call(token, "GET", "/reservations?memberId=" + memberId, null).body()
            .path("page")
            .path("totalElements")
            .asInt()).isZero();
        assertThat(call(token, "GET", "/member-replica/" + memberId, null).status()).isEqualTo(404);
        // metrics go to CloudWatch on AWS; nothing serves them over HTTP
        assertThat(call(token, "GET", "/actuator/prometheus", null).status()).isEqualTo(404);
    }

    @Test
    void aTokenWithTheAdminScopeReachesTheAdminEndpoints() {
        // the dead-letter queue is SQS's, which this test has none of: the endpoint's own
        // answer for that
        Response contents = call(aws.token("admin"), "GET", "/admin/dlq", null);
        assertThat(contents.status()).isEqualTo(503);
        assertThat(contents.body().path("type").asString()).endsWith("/problems/broker-unavailable");
    }

    @Test
    void theServiceWorksAsTheRuntimeRoleThroughTheWrapperDriver() {
        assertThat(new JdbcTemplate(dataSource).queryForObject("select current_user", String.class))
            .isEqualTo(aws.runtimeRole());
    }

    private Response call(String token, String method, String path, String json) {
        return new TestHttpClient(port).withToken(token, method, path, json);
    }

    private static String reservation(UUID memberId) {
        return """
                {"memberId": "%s", "resource": "court-3", "startsAt": "2030-01-01T10:00:00Z",
                 "endsAt": "2030-01-01T11:00:00Z"}""".formatted(memberId);
    }

}
