package com.example.events.memberservice;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.example.events.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the integration tests share: the whole service ({@link IntegrationTest}, with the
 * harness's real PostgreSQL and SNS/SQS broker), its API over real HTTP, and direct reads
 * of its tables, which are emptied before every test. A test class that needs other
 * properties says so with its own {@code @IntegrationTest(properties = ...)}; a test
 * class that watches the topic registers its own
 * {@link com.example.events.testsupport.SubscribedQueue}.
 */
@IntegrationTest
public abstract class IntegrationTestSupport {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected JsonMapper json;

    @Autowired
    protected TransactionTemplate transaction;

    @Autowired
    protected MeterRegistry meters;

    protected MemberApi api;

    protected Database database;

    @BeforeEach
    void startWithEmptyTables() {
        api = new MemberApi(port);
        database = new Database(jdbc);
        database.clear();
    }

    /** Registers a member over HTTP, which must answer 201, and returns its id. */
    protected UUID register(String name, String email) {
        var response = api.register(name, email);
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        return id(response.getBody());
    }

    protected static UUID id(JsonNode member) {
        return UUID.fromString(member.get("id").asString());
    }

    /** Waits (up to five seconds) until the relay has published every event. */
    protected void awaitNothingPending() {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(database.pendingEvents()).isZero());
    }

    /** The events the messages carry, in the order they arrived. */
    protected List<JsonNode> bodies(List<Message> messages) {
        return messages.stream().map(message -> json.readTree(message.body())).toList();
    }

    protected List<JsonNode> sortedBySequence(List<Message> messages) {
        return bodies(messages).stream()
            .sorted(Comparator.comparingLong(event -> event.get("sequence").asLong()))
            .toList();
    }

    /** The distinct event ids the messages carry. */
    protected Set<String> eventIds(List<Message> messages) {
        Set<String> ids = new HashSet<>();
        bodies(messages).forEach(event -> ids.add(event.get("eventId").asString()));
        return ids;
    }

    /**
     * Another instance of the service on a random port, on the same database and broker;
     * close it to stop it.
     * @param moreArguments {@code --name=value} arguments on top of the harness's
     */
    protected static ConfigurableApplicationContext startAnotherInstance(String... moreArguments) {
        String[] arguments = new String[moreArguments.length + 1];
        arguments[0] = "--server.port=0";
        System.arraycopy(moreArguments, 0, arguments, 1, moreArguments.length);
        return new SpringApplicationBuilder(MemberServiceApplication.class).profiles("local", "test")
            .run(TestInfrastructure.applicationArguments("member", arguments));
    }

}
