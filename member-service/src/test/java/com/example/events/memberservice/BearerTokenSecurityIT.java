package com.example.events.memberservice.security;

import java.util.Map;

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
 * to. No broker and no AWS: SNS points at a closed port and the relay is off, so only
 * what needs neither is exercised. The context starts without ADMIN_PASSWORD: on AWS
 * there is no Basic login.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestJwtIssuer.ISSUER,
                "spring.cloud.aws.endpoint=http://127.0.0.1:9", "spring.cloud.aws.region.static=eu-west-1",
                "spring.cloud.aws.credentials.access-key=test", "spring.cloud.aws.credentials.secret-key=test",
                "messaging.topic-arn=arn:aws:sns:eu-west-1:123456789012:member-events", "outbox.relay.enabled=false",
                "cloudwatch.metrics.enabled=false", "management.tracing.export.enabled=false" })
@ActiveProfiles("aws")
class BearerTokenSecurityIT {

    private static final TestJwtIssuer issuer = new TestJwtIssuer();

    private static final String RUNTIME_ROLE = "member_app";

    private static final AwsProfileDatabase database = new AwsProfileDatabase("member_aws", RUNTIME_ROLE);

    private static final String API = "member-service/api";

    private static final String ADMIN = "member-service/admin";

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
        for (String path : new String[] { "/members", "/admin/outbox", "/v3/api-docs", "/swagger-ui.html",
                "/actuator/prometheus" }) {
            ResponseEntity<JsonNode> response = call(HttpMethod.GET, path, null, null);
            assertThat(response.getStatusCode().value()).as(path).isEqualTo(401);
            assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(path).startsWith("Bearer");
            assertThat(response.getHeaders().getContentType()).as(path).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(response.getBody().get("status").asInt()).isEqualTo(401);
        }
        assertThat(call(HttpMethod.POST, "/members", null, Map.of("name", "Kim Minji", "email", "minji@example.com"))
            .getStatusCode()
            .value()).isEqualTo(401);
        assertThat(call(HttpMethod.GET, "/actuator/health/liveness", null, null).getStatusCode().value())
            .isEqualTo(200);
    }

    @Test
    void aTokenThatIsNotTheIssuersIsUnauthorized() {
        for (String token : new String[] { issuer.expiredToken(API), issuer.tokenSignedByAnotherKey(API),
                issuer.tokenFromAnotherIssuer(API), "not-a-jwt" }) {
            ResponseEntity<JsonNode> response = call(HttpMethod.GET, "/members", token, null);
            assertThat(response.getStatusCode().value()).isEqualTo(401);
            assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).contains("invalid_token");
        }
    }

    @Test
    void aTokenWithoutTheRightScopeIsForbidden() {
        ResponseEntity<JsonNode> adminWithApiScope = call(HttpMethod.GET, "/admin/outbox", issuer.token(API), null);
        assertThat(adminWithApiScope.getStatusCode().value()).isEqualTo(403);
        assertThat(adminWithApiScope.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
            .contains("insufficient_scope");
        assertThat(adminWithApiScope.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(adminWithApiScope.getBody().get("status").asInt()).isEqualTo(403);

        assertThat(call(HttpMethod.GET, "/members", issuer.token(ADMIN), null).getStatusCode().value()).isEqualTo(403);
        assertThat(
                call(HttpMethod.GET, "/members", issuer.token("reservation-service/api"), null).getStatusCode().value())
            .isEqualTo(403);
        assertThat(call(HttpMethod.POST, "/admin/events/replay", issuer.token(API), Map.of("fromSequence", 0))
            .getStatusCode()
            .value()).isEqualTo(403);
    }

    @Test
    void aTokenWithTheApiScopeUsesTheApiAsAnyCallerDidBefore() {
        String token = issuer.token(API);
        ResponseEntity<JsonNode> created = call(HttpMethod.POST, "/members", token,
                Map.of("name", "Kim Minji", "email", "minji@example.com"));
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        String location = created.getHeaders().getFirst(HttpHeaders.LOCATION);

        assertThat(call(HttpMethod.GET, location, token, null).getBody().get("email").asString())
            .isEqualTo("minji@example.com");
        assertThat(call(HttpMethod.GET, "/members?size=101", token, null).getStatusCode().value()).isEqualTo(400);
        assertThat(call(HttpMethod.DELETE, location, token, null).getStatusCode().value()).isEqualTo(204);
        // metrics go to CloudWatch on AWS; nothing serves them over HTTP
        assertThat(call(HttpMethod.GET, "/actuator/prometheus", token, null).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void aTokenWithTheAdminScopeUsesTheAdminEndpoints() {
        ResponseEntity<JsonNode> outbox = call(HttpMethod.GET, "/admin/outbox", issuer.token(ADMIN), null);
        assertThat(outbox.getStatusCode().value()).isEqualTo(200);
        assertThat(outbox.getBody().has("pending")).isTrue();

        ResponseEntity<JsonNode> replay = call(HttpMethod.POST, "/admin/events/replay", issuer.token(ADMIN),
                Map.of("fromSequence", 0));
        assertThat(replay.getStatusCode().value()).isEqualTo(202);
        assertThat(replay.getBody().has("replayed")).isTrue();
    }

    @Test
    void theServiceWorksAsTheRuntimeRoleThroughTheWrapperDriver() {
        assertThat(new JdbcTemplate(dataSource).queryForObject("select current_user", String.class))
            .isEqualTo(RUNTIME_ROLE);
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
