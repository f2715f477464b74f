package com.example.events.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The same broker with no service in between: SNS publish to a topic, a raw-delivery SQS
 * subscription, receive ten at a time and delete them in one batch. What the broker
 * stages of the pipeline (SNS accepted → received) are compared with.
 */
final class BrokerFloor implements AutoCloseable {

    private static final int RECEIVERS = 4;

    private final SnsClient sns;

    private final SqsClient sqs;

    private final String topicArn;

    private final String queueUrl;

    BrokerFloor(SnsClient sns, SqsClient sqs) {
        this.sns = sns;
        this.sqs = sqs;
        String name = "benchmark-floor-" + System.currentTimeMillis();
        this.topicArn = sns.createTopic(b -> b.name(name)).topicArn();
        this.queueUrl = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topicArn)
            .protocol("sqs")
            .endpoint(queueArn)
            .attributes(Map.of("RawMessageDelivery", "true")));
    }

    /** Latency at an offered rate: one Publish per message, as events happen. */
    Latency latencyAt(int perSecond, Duration duration) {
        int count = (int) (perSecond * duration.toMillis() / 1000);
        try (Receivers receivers = new Receivers(count)) {
            OpenLoop.run(count, perSecond, i -> sns.publish(b -> b.topicArn(topicArn).message(now())));
            receivers.awaitAll(Duration.ofSeconds(60));
            return Latency.ofMicros(receivers.latencies);
        }
    }

    @Override
    public void close() {
        sqs.deleteQueue(b -> b.queueUrl(queueUrl));
        sns.deleteTopic(b -> b.topicArn(topicArn));
    }

    private static String now() {
        return Long.toString(System.nanoTime());
    }

    /**
     * Competing receivers on the floor's queue; each message's body is the nano time it
     * was published at.
     */
    private final class Receivers implements AutoCloseable {

        final Queue<Long> latencies = new ConcurrentLinkedQueue<>();

        private final int expected;

        private final AtomicBoolean running = new AtomicBoolean(true);

        private final ExecutorService threads = Executors.newFixedThreadPool(RECEIVERS);

        Receivers(int expected) {
            this.expected = expected;
            for (int r = 0; r < RECEIVERS; r++) {
                threads.submit(this::receive);
            }
        }

        private void receive() {
            while (running.get()) {
                List<Message> messages = sqs
                    .receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
                long received = System.nanoTime();
                if (messages.isEmpty()) {
                    continue;
                }
                List<DeleteMessageBatchRequestEntry> acks = new ArrayList<>();
                for (Message message : messages) {
                    latencies.add((received - Long.parseLong(message.body())) / 1000);
                    acks.add(DeleteMessageBatchRequestEntry.builder()
                        .id(message.messageId())
                        .receiptHandle(message.receiptHandle())
                        .build());
                }
                sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(acks));
            }
        }

        void awaitAll(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (latencies.size() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the floor's queue received %d of %d messages".formatted(latencies.size(), expected));
                }
                Propagation.sleep(Duration.ofMillis(20));
            }
        }

        @Override
        public void close() {
            running.set(false);
            threads.close();
        }

    }

}
