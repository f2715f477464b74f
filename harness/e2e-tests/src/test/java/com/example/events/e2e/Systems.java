package com.example.events.e2e;

import java.nio.file.Path;
import java.util.List;

import com.example.events.localsystem.Broker;
import com.example.events.localsystem.LocalSystem;
import com.example.events.testsupport.TestInfrastructure;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The whole system as these tests start it: both services' packaged jars (named by the
 * failsafe configuration) and the harness's broker, as for every other test. Each test
 * class adds what it needs and starts it.
 */
final class Systems {

    static final String RESERVATION_QUEUE = "reservation-member-events";

    private Systems() {
    }

    static LocalSystem.Builder builder() {
        return LocalSystem.builder()
            .memberServiceJar(Path.of(System.getProperty("member-service.jar")))
            .reservationServiceJar(Path.of(System.getProperty("reservation-service.jar")))
            .broker(TestInfrastructure.broker());
    }

    /**
     * The broker is shared with the other tests of this JVM, where reservation-service
     * has run before: its subscription and queues go, so that reservation-service,
     * started next, owns nothing on the broker and learns only this system's events.
     */
    static void forgetReservationTopology(Broker broker) {
        try (SnsClient sns = broker.snsClient(); SqsClient sqs = broker.sqsClient()) {
            String topicArn = sns.createTopic(request -> request.name("member-events")).topicArn();
            sns.listSubscriptionsByTopicPaginator(request -> request.topicArn(topicArn))
                .subscriptions()
                .stream()
                .filter(subscription -> subscription.endpoint().endsWith(":" + RESERVATION_QUEUE))
                .forEach(subscription -> sns
                    .unsubscribe(request -> request.subscriptionArn(subscription.subscriptionArn())));
            for (String queue : List.of(RESERVATION_QUEUE, RESERVATION_QUEUE + "-dlq")) {
                try {
                    String url = sqs.getQueueUrl(request -> request.queueName(queue)).queueUrl();
                    sqs.deleteQueue(request -> request.queueUrl(url));
                }
                catch (QueueDoesNotExistException never) {
                    // the first test on this broker
                }
            }
        }
    }

    /** Stops a system a test class started, if it got that far. */
    static void stop(LocalSystem system) {
        if (system != null) {
            system.close();
        }
    }

}
