package com.example.events.memberservice;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.events.testsupport.MemberEventSchemas;
import com.example.events.testsupport.TestInfrastructure;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.json.JsonMapper;

/**
 * A subscriber's queue on {@code member-events}, subscribed with the filter policy
 * {@code contracts/member-events/asyncapi.yaml} gives every subscriber
 * ({@code x-filterPolicy}, with the subscriber's own name in place of
 * {@code reservation}), read from the contract itself so that it follows every event type
 * the contract adds.
 */
public final class ContractSubscriber implements AutoCloseable {

    private final SnsClient sns;

    private final SqsClient sqs;

    private final String queueUrl;

    private final String subscriptionArn;

    private ContractSubscriber(SnsClient sns, SqsClient sqs, String queueUrl, String subscriptionArn) {
        this.sns = sns;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.subscriptionArn = subscriptionArn;
    }

    public static ContractSubscriber subscribe(String subscriber) {
        SnsClient sns = TestInfrastructure.broker().snsClient();
        SqsClient sqs = TestInfrastructure.broker().sqsClient();
        String topicArn = sns.createTopic(request -> request.name("member-events")).topicArn();
        String queueUrl = sqs.createQueue(
                request -> request.queueName("test-" + subscriber + "-" + UUID.randomUUID().toString().substring(0, 8)))
            .queueUrl();
        String queueArn = sqs
            .getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
        String subscriptionArn = sns
            .subscribe(request -> request.topicArn(topicArn)
                .protocol("sqs")
                .endpoint(queueArn)
                .attributes(Map.of("RawMessageDelivery", "true", "FilterPolicyScope", "MessageAttributes",
                        "FilterPolicy", filterPolicy(subscriber)))
                .returnSubscriptionArn(true))
            .subscriptionArn();
        return new ContractSubscriber(sns, sqs, queueUrl, subscriptionArn);
    }

    /** The contract's policy, as JSON, for {@code subscriber}. */
    @SuppressWarnings("unchecked")
    static String filterPolicy(String subscriber) {
        Map<String, Object> document;
        try (Reader reader = Files.newBufferedReader(MemberEventSchemas.contract().resolve("asyncapi.yaml"))) {
            document = new Yaml().load(reader);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Map<String, Object> operations = (Map<String, Object>) document.get("operations");
        Map<String, Object> publish = (Map<String, Object>) operations.get("publishMemberEvents");
        Map<String, Object> sns = (Map<String, Object>) ((Map<String, Object>) publish.get("bindings")).get("sns");
        Map<String, Object> consumer = ((List<Map<String, Object>>) sns.get("consumers")).getFirst();
        String policy = JsonMapper.builder().build().writeValueAsString(consumer.get("x-filterPolicy"));
        return policy.replace("[\"reservation\"]", "[\"" + subscriber + "\"]");
    }

    /**
     * Receives (and deletes) until {@code count} messages have arrived or the timeout
     * passes.
     */
    public List<Message> receive(int count, Duration timeout) {
        List<Message> received = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (received.size() < count && Instant.now().isBefore(deadline)) {
            received.addAll(receiveBatch());
        }
        return received;
    }

    /** Everything that arrives until the queue has been quiet for {@code quiet}. */
    public List<Message> drain(Duration quiet) {
        List<Message> received = new ArrayList<>();
        Instant quietUntil = Instant.now().plus(quiet);
        while (Instant.now().isBefore(quietUntil)) {
            List<Message> batch = receiveBatch();
            if (!batch.isEmpty()) {
                received.addAll(batch);
                quietUntil = Instant.now().plus(quiet);
            }
        }
        return received;
    }

    private List<Message> receiveBatch() {
        List<Message> messages = sqs
            .receiveMessage(request -> request.queueUrl(queueUrl)
                .maxNumberOfMessages(10)
                .waitTimeSeconds(1)
                .messageAttributeNames("All"))
            .messages();
        for (Message message : messages) {
            sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        }
        return messages;
    }

    @Override
    public void close() {
        sns.unsubscribe(request -> request.subscriptionArn(subscriptionArn));
        sqs.deleteQueue(request -> request.queueUrl(queueUrl));
        sns.close();
        sqs.close();
    }

}
