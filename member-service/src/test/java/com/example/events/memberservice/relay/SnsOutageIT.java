package com.example.events.memberservice.relay;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import com.example.events.memberservice.IntegrationTestSupport;
import com.example.events.testsupport.SubscribedQueue;
import io.awspring.cloud.autoconfigure.sns.SnsClientCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SNS unreachable: the API keeps answering, events wait in the outbox, and all of them go
 * out once SNS is back.
 */
@Import(SnsOutageIT.SnsFaults.class)
class SnsOutageIT extends IntegrationTestSupport {

    // What the SDK throws when it cannot open a connection, injected before any byte
    // leaves the client.
    static final AtomicBoolean snsDown = new AtomicBoolean();

    @TestConfiguration
    static class SnsFaults {

        @Bean
        SnsClientCustomizer unreachableWhileSnsDown() {
            return builder -> builder
                .overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (snsDown.get()) {
                            throw SdkClientException.create(
                                    "Unable to execute HTTP request: Connection refused " + "(injected: SNS is down)");
                        }
                    }
                }));
        }

    }

    @RegisterExtension
    static final SubscribedQueue subscription = SubscribedQueue.to("member-events");

    @AfterEach
    void snsBack() {
        snsDown.set(false);
    }

    @Test
    void writesSucceedWhileSnsIsDownAndEveryEventArrivesWhenItIsBack() {
        snsDown.set(true);
        double failuresBefore = meters.counter("outbox.publish.failures").count();

        List<UUID> members = List.of(register("Outage One", "one@example.com"),
                register("Outage Two", "two@example.com"), register("Outage Three", "three@example.com"));
        assertThat(api.delete("/members/" + members.get(1)).getStatusCode().value()).isEqualTo(204);

        assertThat(subscription.drain(Duration.ofSeconds(2))).as("nothing reaches SNS while it is down").isEmpty();
        assertThat(database.pendingEvents()).isEqualTo(4);
        assertThat(meters.counter("outbox.publish.failures").count()).as("the relay kept trying")
            .isGreaterThan(failuresBefore + 1);
        var status = api.asAdmin("GET", "/admin/outbox", null).getBody();
        assertThat(status.get("pending").asLong()).isEqualTo(4);
        assertThat(status.get("oldestPendingAgeSeconds").asLong()).isGreaterThanOrEqualTo(1);

        snsDown.set(false);

        List<Message> delivered = subscription.receive(4, Duration.ofSeconds(20));
        assertThat(delivered).hasSize(4);
        assertThat(delivered.stream().map(message -> json.readTree(message.body()).get("eventType").asString()))
            .containsExactlyInAnyOrder("MemberRegistered", "MemberRegistered", "MemberRegistered", "MemberDeleted");
        awaitNothingPending();
        assertThat(subscription.drain(Duration.ofSeconds(1))).as("each event once").isEmpty();
    }

}
