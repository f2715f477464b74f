package com.example.platform.security;

import com.example.platform.PlatformTestApplication;
import com.example.platform.TestClient;
import com.example.platform.TestClient.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Laptops, compose and the tests: the admin endpoints take HTTP Basic and answer 401
 * problem+json without it; everything else is open.
 */
@SpringBootTest(classes = PlatformTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BasicAuthSecurityIT {

    @LocalServerPort
    int port;

    @Test
    void adminEndpointsAnswerUnauthorizedWithoutCredentials() {
        Answer refused = client().get("/admin/things");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Basic realm=\"admin\"");
        assertThat(refused.header(HttpHeaders.CONTENT_TYPE)).isEqualTo("application/problem+json");
        assertThat(refused.json().path("type").asString()).isEqualTo("/problems/unauthorized");
        assertThat(refused.json().path("title").asString()).isEqualTo("Unauthorized");
        assertThat(refused.json().path("status").asInt()).isEqualTo(401);
        assertThat(admin(HttpMethod.GET, "/admin/things", "admin", "wrong").status()).isEqualTo(401);
        assertThat(client().call(HttpMethod.POST, "/admin/things", "{\"name\": \"a\"}", headers -> {
        }).status()).isEqualTo(401);
    }

    @Test
    void theAdminsCredentialsOpenTheAdminEndpointsWithoutASession() {
        Answer admitted = admin(HttpMethod.GET, "/admin/things", "admin", "test-admin");
        assertThat(admitted.status()).isEqualTo(200);
        assertThat(admitted.text()).isEqualTo("admin");
        assertThat(admitted.header(HttpHeaders.SET_COOKIE)).as("no session to ride on").isNull();
        // no CSRF token: authenticated per request, and a JSON body no cross-site form
        // can send
        assertThat(client()
            .call(HttpMethod.POST, "/admin/things", "{\"name\": \"a\"}",
                    headers -> headers.setBasicAuth("admin", "test-admin"))
            .status()).isEqualTo(200);
    }

    @Test
    void theApiAndTheProbesNeedNoCredentials() {
        assertThat(client().get("/things?page=0").status()).isEqualTo(200);
        assertThat(client().get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(client().get("/v3/api-docs").status()).isEqualTo(200);
    }

    @Test
    void aServiceRefusesToStartWithoutAnAdminPassword() {
        var withoutPassword = new SpringApplicationBuilder(PlatformTestApplication.class);

        assertThatThrownBy(() -> withoutPassword.run("--server.port=0", "--admin.password="))
            .hasStackTraceContaining("ADMIN_PASSWORD");
    }

    private TestClient client() {
        return new TestClient(port);
    }

    private Answer admin(HttpMethod method, String path, String username, String password) {
        return client().call(method, path, null, headers -> headers.setBasicAuth(username, password));
    }

}
