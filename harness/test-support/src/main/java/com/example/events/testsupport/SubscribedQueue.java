package com.example.events.testsupport;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A test class's own queue on a topic, for as long as the class runs:
 * {@code @RegisterExtension static final SubscribedQueue events = SubscribedQueue.to("member-events");}
 *
 * <p>
 * Every test starts with it empty: after the test's own {@code @BeforeEach} methods
 * (which may, say, empty the tables a relay publishes from), whatever is still arriving
 * is received and dropped until the queue has been quiet for {@link #QUIET}.
 */
public final class SubscribedQueue implements BeforeAllCallback, BeforeTestExecutionCallback, AfterAllCallback {

    /** How long the queue must stay quiet before a test starts. */
    public static final Duration QUIET = Duration.ofMillis(300);

    private final String topicName;

    private TopicSubscription subscription;

    private SubscribedQueue(String topicName) {
        this.topicName = topicName;
    }

    public static SubscribedQueue to(String topicName) {
        return new SubscribedQueue(topicName);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        subscription = TopicSubscription.subscribe(TestInfrastructure.broker(), topicName);
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        subscription.drain(QUIET);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        subscription.close();
    }

    /** See {@link TopicSubscription#receive}. */
    public List<Message> receive(int count, Duration timeout) {
        return subscription.receive(count, timeout);
    }

    /** See {@link TopicSubscription#drain}. */
    public List<Message> drain(Duration quiet) {
        return subscription.drain(quiet);
    }

}
