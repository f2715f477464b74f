package com.example.platform.security;

import com.example.platform.PlatformTestApplication;
import com.example.platform.TestClient;
import com.example.platform.TestClient.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployment that names neither the {@code local} nor the {@code aws} profile: nothing
 * is anonymous but the probes, so a forgotten profile never publishes an open API.
 */
@SpringBootTest(classes = PlatformTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ClosedByDefaultSecurityIT {

    @LocalServerPort
    int port;

    @Test
    void theApiAndItsDocumentNeedCredentials() {
        for (String path : new String[] { "/things?page=0", "/v3/api-docs", "/actuator/prometheus" }) {
            Answer refused = client().get(path);
            assertThat(refused.status()).as(path).isEqualTo(401);
            assertThat(refused.header(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Basic realm=\"admin\"");
            assertThat(refused.json().path("type").asString()).isEqualTo("/problems/unauthorized");
        }
        assertThat(client().call(HttpMethod.POST, "/things", "{\"name\": \"a\"}", headers -> {
        }).status()).isEqualTo(401);
    }

    @Test
    void credentialsOpenTheApi() {
        assertThat(client()
            .call(HttpMethod.GET, "/things?page=0", null, headers -> headers.setBasicAuth("admin", "test-admin"))
            .status()).isEqualTo(200);
        assertThat(
                client().call(HttpMethod.GET, "/things?page=0", null, headers -> headers.setBasicAuth("admin", "wrong"))
                    .status())
            .isEqualTo(401);
    }

    @Test
    void theProbesStayOpen() {
        assertThat(client().get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(client().get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    private TestClient client() {
        return new TestClient(port);
    }

}
