package com.example.events.memberservice.relay;

import java.time.Duration;
import java.util.UUID;

import com.example.events.memberservice.MemberApi;
import com.example.events.memberservice.OutboxIntegrationTestSupport;
import com.example.events.testsupport.TestInfrastructure;
import com.example.events.testsupport.TopicSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker loses the topic, as a restarted emulator or LocalStack loses everything.
 * Where the service provisions its topic (here, as locally), it notices and creates it
 * again without being restarted, and what waited in the outbox goes out; where it does
 * not (on AWS, the topic given by its ARN), it creates nothing and the events wait.
 */
class TopicLossIT extends OutboxIntegrationTestSupport {

    static SnsClient sns;

    @Autowired
    MemberEventsTopic topic;

    @BeforeAll
    static void client() {
        sns = TestInfrastructure.broker().snsClient();
    }

    @AfterAll
    static void closeClient() {
        sns.close();
    }

    @Test
    void theRelayCreatesTheLostTopicAgainAndPublishesWhatWaited() {
        double failuresBefore = meters.counter("outbox.publish.failures").count();
        relay.stop();
        try {
            register("Waiting", "waiting@example.com");
            loseTopic();
        }
        finally {
            relay.start();
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(database.pendingEvents()).isZero());
        assertThat(topicExists()).isTrue();
        assertThat(meters.counter("outbox.publish.failures").count()).as("the first try found no topic")
            .isGreaterThan(failuresBefore);
        try (TopicSubscription subscriber = TopicSubscription.subscribe(TestInfrastructure.broker(), "member-events")) {
            register("After", "after@example.com");
            assertThat(subscriber.receive(1, Duration.ofSeconds(15))).as("the topic carries events again").hasSize(1);
        }
    }

    @Test
    void readinessCreatesTheLostTopicAgainWithNothingToPublish() {
        loseTopic();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(api.get("/actuator/health/readiness").getStatusCode().value()).isEqualTo(200);
            assertThat(topicExists()).isTrue();
        });
    }

    @Test
    void onAwsWhereTheTopicIsGivenByItsArnNothingIsCreatedAndEventsWait() {
        String arn = topic.arn();
        relay.stop();
        try (ConfigurableApplicationContext onAws = startAnotherInstance("--messaging.provision=false",
                "--messaging.topic-arn=" + arn, "--observability.broker-health.cache-for=200ms")) {
            var awsApi = new MemberApi(((WebServerApplicationContext) onAws).getWebServer().getPort());
            loseTopic();
            assertThat(awsApi.register("Waiting", "waiting@example.com").getStatusCode().value()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(awsApi.get("/actuator/health/readiness").getStatusCode().value())
                    .isEqualTo(503));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !topicExists());
            assertThat(database.pendingEvents()).as("the event waits in the outbox").isEqualTo(1);
        }
        finally {
            relay.start();
        }
        // this instance provisions its topic: it creates it and publishes the event
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(database.pendingEvents()).isZero());
    }

    private void loseTopic() {
        sns.deleteTopic(request -> request.topicArn(topic.arn()));
        assertThat(topicExists()).isFalse();
    }

    private boolean topicExists() {
        try {
            sns.getTopicAttributes(request -> request.topicArn(topic.arn()));
            return true;
        }
        catch (NotFoundException ex) {
            return false;
        }
    }

}
