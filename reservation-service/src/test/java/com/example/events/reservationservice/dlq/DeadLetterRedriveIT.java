package com.example.events.reservationservice.dlq;

import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;

import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.events.reservationservice.TestHttpClient.Response;
import com.example.events.reservationservice.TestHttpClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import static com.example.events.reservationservice.TestHttpClient.ADMIN_USERNAME;
import static com.example.events.reservationservice.TestHttpClient.ADMIN_PASSWORD;
import static com.example.events.reservationservice.TestHttpClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterRedriveIT extends IntegrationTestSupport {

    @Test
    void aDeadLetterIsListedWithoutBeingConsumedThenRedrivenAndApplied() {
        UUID member = UUID.randomUUID();
        String body = registered(4, member);
        // as if it had failed three times while its cause was being fixed
        String messageId = sqs
            .sendMessage(request -> request.queueUrl(deadLetterQueueUrl())
                .messageBody(body)
                .messageAttributes(Map.of("eventType",
                        MessageAttributeValue.builder().dataType("String").stringValue("MemberRegistered").build())))
            .messageId();

        for (int look = 0; look < 2; look++) {
            Response dlq = getAsAdmin("/admin/dlq");
            assertThat(dlq.status()).isEqualTo(200);
            assertThat(dlq.body().path("approximateCount").asLong()).isEqualTo(1);
            assertThat(dlq.body().path("messages")).hasSize(1);
            assertThat(dlq.body().path("messages").path(0).path("messageId").asString()).isEqualTo(messageId);
            assertThat(dlq.body().path("messages").path(0).path("body").asString()).isEqualTo(body);
            assertThat(dlq.body().path("messages").path(0).path("receiveCount").asInt()).isPositive();
        }
        assertThat(get("/member-replica/" + member).status()).isEqualTo(404);

        Response redrive = postAsAdmin("/admin/dlq/redrive");

        assertThat(redrive.status()).isEqualTo(202);
        assertThat(redrive.body().path("moved").asInt()).isEqualTo(1);
        awaitReplica(member, "ACTIVE", 4);
        eventually().untilAsserted(() -> {
            assertThat(messagesIn(deadLetterQueueUrl())).isZero();
            assertThat(getAsAdmin("/admin/dlq").body().path("approximateCount").asLong()).isZero();
            assertThat(messagesIn(queueUrl())).isZero();
        });
    }

    @Test
    void redrivingAnEmptyDeadLetterQueueMovesNothing() {
        Response redrive = postAsAdmin("/admin/dlq/redrive");
        assertThat(redrive.status()).isEqualTo(202);
        assertThat(redrive.body().path("moved").asInt()).isZero();
    }

    @Test
    void theRedriveTakesAJsonBodySoThatACrossSiteFormCannotStartIt() {
        UUID member = UUID.randomUUID();
        sqs.sendMessage(request -> request.queueUrl(deadLetterQueueUrl()).messageBody(registered(4, member)));
        TestHttpClient http = http();

        for (Response refused : new Response[] {
                http.postAsAdmin("/admin/dlq/redrive", "application/x-www-form-urlencoded", "moved=all"),
                http.postAsAdmin("/admin/dlq/redrive", "text/plain", "{}"),
                http.postAsAdmin("/admin/dlq/redrive", "multipart/form-data; boundary=x", "--x--"),
                http.postAsAdmin("/admin/dlq/redrive", null, "") }) {
            assertThat(refused.status()).isEqualTo(415);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        Response empty = http.postAsAdmin("/admin/dlq/redrive", "application/json", "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().path("type").asString()).isEqualTo("/problems/malformed-request");
        assertThat(messagesIn(deadLetterQueueUrl())).as("nothing was moved").isEqualTo(1);

        assertThat(postAsAdmin("/admin/dlq/redrive").body().path("moved").asInt()).isEqualTo(1);
        awaitReplica(member, "ACTIVE", 4);
    }

    @Test
    void theDeadLetterToolsNeedAdminCredentials() {
        TestHttpClient http = http();
        for (Response response : new Response[] { get("/admin/dlq"), post("/admin/dlq/redrive", "{}"),
                http.send(http.request("/admin/dlq").header("Authorization", basic(ADMIN_USERNAME, "wrong")).GET()),
                http.send(http.request("/admin/dlq/redrive")
                    .header("Authorization", basic("someone", ADMIN_PASSWORD))
                    .POST(HttpRequest.BodyPublishers.noBody())) }) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

}
