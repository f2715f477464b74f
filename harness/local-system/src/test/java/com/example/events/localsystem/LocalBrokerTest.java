package com.example.events.localsystem;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalBrokerTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(LocalBroker.Kind.class)
    void aRestartedBrokerAnswersOnTheSameEndpointWithNothingInIt(LocalBroker.Kind kind) {
        try (LocalBroker broker = LocalBroker.start(kind, 0, directory.resolve("broker.log"));
                SqsClient sqs = broker.broker().sqsClient()) {
            sqs.createQueue(request -> request.queueName("before-the-restart"));
            long firstPid = broker.pid();

            broker.restart();

            assertThat(broker.pid()).as("a new process").isNotEqualTo(firstPid);
            assertThat(broker.broker().endpoint()).isEqualTo(broker.endpoint());
            assertThat(sqs.listQueues().queueUrls()).as("queues after the restart").isEmpty();
            assertThat(ListeningAddresses.at(broker.endpoint().getPort())).as("where it listens")
                .isNotEmpty()
                .allMatch(InetAddress::isLoopbackAddress);
        }
    }

    @Test
    void localStackRunsItsPinnedReleaseWithQueueUrlsOnItsOwnEndpointAndTheTopicsRedrivePolicy() {
        try (LocalBroker localStack = LocalBroker.start(LocalBroker.Kind.LOCALSTACK, 0,
                directory.resolve("localstack.log"));
                SqsClient sqs = localStack.broker().sqsClient();
                SnsClient sns = localStack.broker().snsClient()) {
            assertThat(localStack.description()).isEqualTo("LocalStack " + NativeLocalStack.RELEASE);

            String dlq = sqs.createQueue(request -> request.queueName("dlq")).queueUrl();
            assertThat(dlq).as("no DNS name that needs a network")
                .isEqualTo(localStack.endpoint() + "/queue/us-east-1/000000000000/dlq");
            String dlqArn = sqs
                .getQueueAttributes(request -> request.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
            String queue = sqs
                .createQueue(
                        request -> request.queueName("source")
                            .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                                    "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"3\"}")))
                .queueUrl();
            assertThat(sqs.getQueueAttributes(request -> request.queueUrl(queue).attributeNamesWithStrings("All"))
                .attributesAsStrings()).containsKey("RedrivePolicy");
            assertThat(sns.createTopic(request -> request.name("member-events")).topicArn())
                .isEqualTo("arn:aws:sns:us-east-1:000000000000:member-events");
            // SNS v2 (4.14.0's default provider) answers AWS's error for a topic that
            // does not exist
            assertThatThrownBy(() -> sns
                .getTopicAttributes(request -> request.topicArn("arn:aws:sns:us-east-1:000000000000:no-such-topic")))
                .isInstanceOf(NotFoundException.class);
        }
    }

}
