package com.example.platform.security;

import com.example.events.testsupport.TestJwtIssuer;
import com.example.platform.PlatformTestApplication;
import com.example.platform.TestClient;
import com.example.platform.TestClient.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profile aws, over real HTTP: no caller is anonymous but the health probes; a token must
 * come from the issuer (signature, issuer, expiry), and its scopes decide between the API
 * and the admin endpoints. Refusals carry the RFC 6750 challenge and a problem+json body.
 * Tokens are signed by a key made here; no admin password is configured, as on AWS.
 */
@SpringBootTest(classes = PlatformTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestJwtIssuer.ISSUER,
                "security.oauth2.scopes.api=things/api", "security.oauth2.scopes.admin=things/admin",
                "cloudwatch.metrics.enabled=false" })
@ActiveProfiles("aws")
@Import(TestJwtIssuer.Trusted.class)
class BearerTokenSecurityIT {

    private static final TestJwtIssuer issuer = TestJwtIssuer.shared();

    private static final String API = "things/api";

    private static final String ADMIN = "things/admin";

    @LocalServerPort
    int port;

    @Test
    void withoutATokenEveryRequestButHealthIsUnauthorized() {
        for (String path : new String[] { "/things?page=0", "/admin/things", "/v3/api-docs", "/swagger-ui.html",
                "/actuator/info" }) {
            Answer refused = call(HttpMethod.GET, path, null);
            assertThat(refused.status()).as(path).isEqualTo(401);
            assertThat(refused.header(HttpHeaders.WWW_AUTHENTICATE)).as(path).startsWith("Bearer");
            assertThat(refused.header(HttpHeaders.CONTENT_TYPE)).as(path).isEqualTo("application/problem+json");
            assertThat(refused.json().path("type").asString()).isEqualTo("/problems/unauthorized");
            assertThat(refused.json().path("status").asInt()).isEqualTo(401);
        }
        assertThat(call(HttpMethod.GET, "/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(call(HttpMethod.GET, "/actuator/health", null).status()).isEqualTo(200);
    }

    @Test
    void aTokenThatIsNotTheIssuersIsUnauthorized() {
        for (String token : new String[] { issuer.expiredToken(API), issuer.tokenSignedByAnotherKey(API),
                issuer.tokenFromAnotherIssuer(API), "not-a-jwt" }) {
            Answer refused = call(HttpMethod.GET, "/things?page=0", token);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header(HttpHeaders.WWW_AUTHENTICATE)).contains("invalid_token");
            assertThat(refused.json().path("type").asString()).isEqualTo("/problems/unauthorized");
        }
    }

    @Test
    void aTokenWithoutTheRightScopeIsForbidden() {
        Answer adminWithApiScope = call(HttpMethod.GET, "/admin/things", issuer.token(API));
        assertThat(adminWithApiScope.status()).isEqualTo(403);
        assertThat(adminWithApiScope.header(HttpHeaders.WWW_AUTHENTICATE)).contains("insufficient_scope");
        assertThat(adminWithApiScope.header(HttpHeaders.CONTENT_TYPE)).isEqualTo("application/problem+json");
        assertThat(adminWithApiScope.json().path("type").asString()).isEqualTo("/problems/forbidden");
        assertThat(adminWithApiScope.json().path("status").asInt()).isEqualTo(403);

        assertThat(call(HttpMethod.GET, "/things?page=0", issuer.token(ADMIN)).status())
            .as("the admin scope is not the API's")
            .isEqualTo(403);
        assertThat(call(HttpMethod.GET, "/things?page=0", issuer.token("another-service/api")).status()).isEqualTo(403);
    }

    @Test
    void eachScopeOpensItsPart() {
        assertThat(call(HttpMethod.GET, "/things?page=0", issuer.token(API)).text()).isEqualTo("0/20");
        assertThat(call(HttpMethod.GET, "/admin/things", issuer.token(ADMIN)).text()).isEqualTo("admin");
        assertThat(call(HttpMethod.GET, "/v3/api-docs", issuer.token(API)).status()).isEqualTo(200);
        // the answers behind the gate are the platform's as everywhere
        assertThat(call(HttpMethod.GET, "/things?page=0&size=101", issuer.token(API)).json().path("type").asString())
            .isEqualTo("/problems/validation");
    }

    private Answer call(HttpMethod method, String path, String token) {
        return new TestClient(port).call(method, path, null, headers -> {
            if (token != null) {
                headers.setBearerAuth(token);
            }
        });
    }

}
