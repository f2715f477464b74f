package com.example.events.reservationservice.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.events.reservationservice.AnotherInstance;
import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.events.reservationservice.TestHttpClient;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** What provisioning leaves on the broker, and that doing it again changes nothing. */
class MessagingTopologyIT extends IntegrationTestSupport {

    @Autowired
    MessagingTopology topology;

    @Autowired
    MessageListenerContainerRegistry containers;

    @Test
    void theQueueRedrivesToTheDeadLetterQueueAndOnlyTheTopicMaySendToIt() {
        String deadLetterQueueArn = arnOf(deadLetterQueueUrl());
        Map<QueueAttributeName, String> attributes = sqs
            .getQueueAttributes(request -> request.queueUrl(queueUrl()).attributeNames(QueueAttributeName.ALL))
            .attributes();

        JsonNode redrive = JSON.readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.path("deadLetterTargetArn").asString()).isEqualTo(deadLetterQueueArn);
        assertThat(redrive.path("maxReceiveCount").asInt()).isEqualTo(3);
        assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("2");
        JsonNode statement = JSON.readTree(attributes.get(QueueAttributeName.POLICY)).path("Statement").path(0);
        assertThat(statement.path("Effect").asString()).isEqualTo("Allow");
        assertThat(statement.path("Principal").path("Service").asString()).isEqualTo("sns.amazonaws.com");
        assertThat(statement.path("Action").asString()).isEqualTo("sqs:SendMessage");
        assertThat(statement.path("Resource").asString()).isEqualTo(arnOf(queueUrl()));
        assertThat(statement.path("Condition").path("ArnEquals").path("aws:SourceArn").asString())
            .isEqualTo(topicArn());
    }

    @Test
    void theQueueAndTheDeadLetterQueueKeepMessagesFourteenDays() {
        assertThat(retentionOf(queueUrl())).isEqualTo("1209600");
        assertThat(retentionOf(deadLetterQueueUrl())).isEqualTo("1209600");
    }

    // the contract's policy for the subscriber named reservation, word for word
    private static final String FILTER_POLICY = """
            {"eventType": ["MemberRegistered", "MemberDeleted", "MemberSnapshot"],
             "$or": [{"replayFor": [{"exists": false}]}, {"replayFor": ["reservation"]}]}
            """;

    @Test
    void theQueueIsSubscribedWithRawDeliveryAndAFilterOnEventTypeAndReplaySubscriber() {
        Map<String, String> attributes = subscriptionAttributes();

        assertThat(attributes).containsEntry("RawMessageDelivery", "true");
        assertThat(attributes.getOrDefault("FilterPolicyScope", "MessageAttributes")).isEqualTo("MessageAttributes");
        assertThat(JSON.readTree(attributes.get("FilterPolicy"))).isEqualTo(JSON.readTree(FILTER_POLICY));
    }

    @Test
    void snapshotsForEveryoneOrForThisServiceReachTheQueueThoseForAnotherSubscriberDoNot() {
        UUID forBilling = UUID.randomUUID();
        UUID filtered = UUID.randomUUID();
        publish(event(filtered, "MemberSnapshot", 1, forBilling),
                Map.of("eventType", "MemberSnapshot", "replayFor", "billing"));
        // published after it: once these are applied, the filtered one would have
        // arrived too
        UUID forEveryone = UUID.randomUUID();
        UUID forUs = UUID.randomUUID();
        publish(snapshot(2, forEveryone));
        publish(snapshot(3, forUs), Map.of("eventType", "MemberSnapshot", "replayFor", "reservation"));

        awaitReplica(forEveryone, "ACTIVE", 2);
        awaitReplica(forUs, "ACTIVE", 3);
        assertThat(jdbc.sql("select count(*) from processed_event where event_id = ?")
            .param(filtered)
            .query(Long.class)
            .single()).isZero();
        assertThat(get("/member-replica/" + forBilling).status()).isEqualTo(404);
    }

    @Test
    void provisioningUpdatesTheFilterPolicyOfAnExistingSubscriptionInPlace() {
        String subscriptionArn = subscriptionsOfQueue().getFirst().subscriptionArn();
        // as subscribed before replays for one subscriber existed
        sns.setSubscriptionAttributes(request -> request.subscriptionArn(subscriptionArn)
            .attributeName("FilterPolicy")
            .attributeValue("{\"eventType\": [\"MemberRegistered\", \"MemberDeleted\"]}"));

        topology.provision();

        assertThat(subscriptionsOfQueue()).singleElement()
            .extracting(Subscription::subscriptionArn)
            .isEqualTo(subscriptionArn);
        assertThat(JSON.readTree(subscriptionAttributes().get("FilterPolicy"))).isEqualTo(JSON.readTree(FILTER_POLICY));
    }

    @Test
    void provisioningAgainChangesNothing() {
        String queueUrl = queueUrl();

        topology.provision();
        topology.provision();

        assertThat(queueUrl()).isEqualTo(queueUrl);
        assertThat(subscriptionsOfQueue()).hasSize(1);
        assertThat(containers.getContainerById(MemberEventListener.ID).isRunning()).isTrue();
        registerMember(1); // still consuming
    }

    @Test
    void aTopologyLostOnTheBrokerIsCreatedAgainAndTheListenerConsumesAgainWithoutARestart() {
        // as a restarted broker that keeps nothing: no subscription, no queue, no DLQ
        subscriptionsOfQueue().forEach(
                subscription -> sns.unsubscribe(request -> request.subscriptionArn(subscription.subscriptionArn())));
        sqs.deleteQueue(request -> request.queueUrl(queueUrl()));
        sqs.deleteQueue(request -> request.queueUrl(deadLetterQueueUrl()));

        // missing queues answer with exceptions until they are back; a check that ran
        // while the test was still deleting is put right by the next one
        eventually().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertThat(subscriptionsOfQueue()).hasSize(1);
            assertThat(JSON.readTree(subscriptionAttributes().get("FilterPolicy")))
                .isEqualTo(JSON.readTree(FILTER_POLICY));
            JsonNode redrive = JSON.readTree(sqs
                .getQueueAttributes(
                        request -> request.queueUrl(queueUrl()).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes()
                .get(QueueAttributeName.REDRIVE_POLICY));
            assertThat(redrive.path("deadLetterTargetArn").asString()).isEqualTo(arnOf(deadLetterQueueUrl()));
            assertThat(redrive.path("maxReceiveCount").asInt()).isEqualTo(3);
            assertThat(retentionOf(queueUrl())).isEqualTo("1209600");
            assertThat(retentionOf(deadLetterQueueUrl())).isEqualTo("1209600");
        });
        assertThat(containers.getContainerById(MemberEventListener.ID).isRunning()).isTrue();

        // through the topic, as member-service publishes; the listener polls again
        // within its back-off of at most ten seconds
        UUID member = UUID.randomUUID();
        publish(registered(1, member));
        eventually().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(get("/member-replica/" + member).status()).isEqualTo(200));
    }

    @Test
    void withoutProvisioningNothingIsCreated() throws Exception {
        String name = "absent-" + UUID.randomUUID().toString().substring(0, 8);
        try (ConfigurableApplicationContext instance = AnotherInstance.start("messaging.provision=false",
                "messaging.topology-check-interval=200ms", "messaging.topic-name=" + name,
                "messaging.queue-name=" + name, "messaging.dead-letter-queue-name=" + name + "-dlq")) {
            TestHttpClient http = AnotherInstance.http(instance);
            Thread.sleep(3_000);

            assertThat(sqs.listQueues(request -> request.queueNamePrefix(name)).queueUrls()).isEmpty();
            assertThat(sns.listTopicsPaginator().topics()).noneMatch(topic -> topic.topicArn().endsWith(":" + name));
            assertThat(instance.getBean(MessageListenerContainerRegistry.class)
                .getContainerById(MemberEventListener.ID)
                .isRunning()).isFalse();
            assertThat(http.status("/actuator/health/readiness")).as("no queue to consume").isEqualTo(503);
        }
    }

    private Map<String, String> subscriptionAttributes() {
        String subscriptionArn = subscriptionsOfQueue().getFirst().subscriptionArn();
        return sns.getSubscriptionAttributes(request -> request.subscriptionArn(subscriptionArn)).attributes();
    }

    private List<Subscription> subscriptionsOfQueue() {
        String queueArn = arnOf(queueUrl());
        return sns.listSubscriptionsByTopicPaginator(request -> request.topicArn(topicArn()))
            .subscriptions()
            .stream()
            .filter(subscription -> queueArn.equals(subscription.endpoint()))
            .toList();
    }

    private static String retentionOf(String queueUrl) {
        return sqs
            .getQueueAttributes(
                    request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.MESSAGE_RETENTION_PERIOD))
            .attributes()
            .get(QueueAttributeName.MESSAGE_RETENTION_PERIOD);
    }

    private static String arnOf(String queueUrl) {
        return sqs
            .getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    }

}
