package com.example.events.reservationservice.security;

import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.example.events.testsupport.AwsProfileDatabase;
import com.example.events.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as it runs on AWS (profile aws), over real HTTP: tokens signed by a key
 * made here, trusted the way the issuer's would be (signature, issuer, expiry); the
 * database reached through the IAM wrapper driver as the runtime role that db/aws grants
 * to. No broker and no AWS: SQS points at a closed port (the listener keeps retrying in
 * the background), so only what needs neither is exercised. The context starts without
 * ADMIN_PASSWORD: on AWS there is no Basic login.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestJwtIssuer.ISSUER,
                "spring.cloud.aws.endpoint=http://127.0.0.1:9", "spring.cloud.aws.region.static=eu-west-1",
                "spring.cloud.aws.credentials.access-key=test", "spring.cloud.aws.credentials.secret-key=test",
                "cloudwatch.metrics.enabled=false", "management.tracing.export.enabled=false" })
@ActiveProfiles("aws")
class BearerTokenSecurityIT {

    private static final TestJwtIssuer issuer = new TestJwtIssuer();

    private static final String RUNTIME_ROLE = "reservation_app";

    private static final AwsProfileDatabase database = new AwsProfileDatabase("reservation_aws", RUNTIME_ROLE);

    private static final String API = "reservation-service/api";

    private static final String ADMIN = "reservation-service/admin";

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @BeforeAll
    static void giveTheRuntimeRoleAPassword() {
        database.giveTheRuntimeRoleAPassword();
    }

    @DynamicPropertySource
    static void databaseProperties(DynamicPropertyRegistry registry) {
        database.register(registry);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TrustTheTestIssuer {

        @Bean
        JwtDecoder jwtDecoder() {
            return issuer.decoder();
        }

    }

    @Test
    void withoutATokenEveryRequestButHealthIsUnauthorized() {
        for (String path : new String[] { "/reservations?memberId=" + UUID.randomUUID(),
                "/member-replica/" + UUID.randomUUID(), "/admin/dlq", "/v3/api-docs", "/swagger-ui.html",
                "/actuator/prometheus" }) {
            ResponseEntity<JsonNode> response = call(HttpMethod.GET, path, null, null);
            assertThat(response.getStatusCode().value()).as(path).isEqualTo(401);
            assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(path).startsWith("Bearer");
            assertThat(response.getHeaders().getContentType()).as(path).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(response.getBody().get("status").asInt()).isEqualTo(401);
        }
        assertThat(call(HttpMethod.POST, "/reservations", null, reservation()).getStatusCode().value()).isEqualTo(401);
        assertThat(call(HttpMethod.POST, "/admin/dlq/redrive", null, Map.of()).getStatusCode().value()).isEqualTo(401);
        assertThat(call(HttpMethod.GET, "/actuator/health/liveness", null, null).getStatusCode().value())
            .isEqualTo(200);
    }

    @Test
    void aTokenThatIsNotTheIssuersIsUnauthorized() {
        for (String token : new String[] { issuer.expiredToken(API), issuer.tokenSignedByAnotherKey(API),
                issuer.tokenFromAnotherIssuer(API), "not-a-jwt" }) {
            ResponseEntity<JsonNode> response = call(HttpMethod.GET, "/member-replica/" + UUID.randomUUID(), token,
                    null);
            assertThat(response.getStatusCode().value()).isEqualTo(401);
            assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).contains("invalid_token");
        }
    }

    @Test
    void aTokenWithoutTheRightScopeIsForbidden() {
        ResponseEntity<JsonNode> adminWithApiScope = call(HttpMethod.GET, "/admin/dlq", issuer.token(API), null);
        assertThat(adminWithApiScope.getStatusCode().value()).isEqualTo(403);
        assertThat(adminWithApiScope.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
            .contains("insufficient_scope");
        assertThat(adminWithApiScope.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(adminWithApiScope.getBody().get("status").asInt()).isEqualTo(403);

        assertThat(call(HttpMethod.POST, "/reservations", issuer.token(ADMIN), reservation()).getStatusCode().value())
            .isEqualTo(403);
        assertThat(
                call(HttpMethod.GET, "/member-replica/" + UUID.randomUUID(), issuer.token("member-service/api"), null)
                    .getStatusCode()
                    .value())
            .isEqualTo(403);
        assertThat(call(HttpMethod.POST, "/admin/dlq/redrive", issuer.token(API), Map.of()).getStatusCode().value())
            .isEqualTo(403);
    }

    @Test
    void aTokenWithTheApiScopeUsesTheApiAsAnyCallerDidBefore() {
        String token = issuer.token(API);
        UUID memberId = UUID.randomUUID();

        // a member this service has not learned of from events
        ResponseEntity<JsonNode> refused = call(HttpMethod.POST, "/reservations", token, reservation(memberId));
        assertThat(refused.getStatusCode().value()).isEqualTo(422);
        assertThat(call(HttpMethod.GET, "/reservations?memberId=" + memberId, token, null).getBody()
            .get("page")
            .get("totalElements")
            .asInt()).isZero();
        assertThat(call(HttpMethod.GET, "/member-replica/" + memberId, token, null).getStatusCode().value())
            .isEqualTo(404);
        // metrics go to CloudWatch on AWS; nothing serves them over HTTP
        assertThat(call(HttpMethod.GET, "/actuator/prometheus", token, null).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void aTokenWithTheAdminScopeReachesTheAdminEndpoints() {
        // the dead-letter queue is SQS's, which this test has none of: the endpoint's own
        // answer for that
        ResponseEntity<JsonNode> contents = call(HttpMethod.GET, "/admin/dlq", issuer.token(ADMIN), null);
        assertThat(contents.getStatusCode().value()).isEqualTo(503);
        assertThat(contents.getBody().get("type").asString()).endsWith("/problems/broker-unavailable");
    }

    @Test
    void theServiceWorksAsTheRuntimeRoleThroughTheWrapperDriver() {
        assertThat(new JdbcTemplate(dataSource).queryForObject("select current_user", String.class))
            .isEqualTo(RUNTIME_ROLE);
    }

    private static Map<String, Object> reservation() {
        return reservation(UUID.randomUUID());
    }

    private static Map<String, Object> reservation(UUID memberId) {
        return Map.of("memberId", memberId.toString(), "resource", "court-3", "startsAt", "2030-01-01T10:00:00Z",
                "endsAt", "2030-01-01T11:00:00Z");
    }

    private ResponseEntity<JsonNode> call(HttpMethod method, String path, String token, Object body) {
        RestClient.RequestBodySpec request = RestClient.builder()
            .baseUrl("http://localhost:" + port)
            .defaultStatusHandler(status -> true, (req, res) -> {
            })
            .build()
            .method(method)
            .uri(path);
        if (token != null) {
            request.headers(headers -> headers.setBearerAuth(token));
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.retrieve().toEntity(JsonNode.class);
    }

}
