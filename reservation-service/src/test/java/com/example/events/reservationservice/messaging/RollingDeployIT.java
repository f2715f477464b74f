package com.example.events.reservationservice.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.events.reservationservice.AnotherInstance;
import com.example.events.reservationservice.IntegrationTestSupport;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A breaking change rolled out in the documented order while deletions keep flowing: the
 * upgraded consumer starts beside the old one, the old one stops, and only then do
 * upgraded producers publish version 2 beside the old ones' version 1. Every deletion is
 * applied, none is dead-lettered, and no instance meets a version it cannot read. The
 * producers are this test (version 1 as documented, version 2 as {@link ContractVersion2}
 * writes it); the old consumer is the test's own instance, the upgraded one this build
 * with {@link ContractVersion2}.
 */
class RollingDeployIT extends IntegrationTestSupport {

    private static final int MEMBERS = 200;

    private static final Duration BETWEEN_DELETIONS = Duration.ofMillis(100);

    private static final Instant NOON = Instant.parse("2030-01-01T12:00:00Z");

    @Autowired
    MessageListenerContainerRegistry containers;

    @Test
    void deletionsFlowThroughBothRolloutsAndNoneIsLostOrDeadLettered() throws Exception {
        List<UUID> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            UUID member = UUID.randomUUID();
            publish(registered(1, member));
            members.add(member);
        }
        eventually().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(replicaCount()).isEqualTo(MEMBERS));
        for (UUID member : members) {
            assertThat(reserve(member, "court-" + member, NOON, NOON.plusSeconds(3600)).status()).isEqualTo(201);
        }
        double unsupportedBefore = unsupported(meters);

        AtomicBoolean upgradedProducers = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger published = new AtomicInteger();
        AtomicInteger publishedAsVersion2 = new AtomicInteger();
        CompletableFuture<Void> producers = CompletableFuture.runAsync(() -> {
            while (!stop.get() && published.get() < MEMBERS) {
                int next = published.get();
                UUID member = members.get(next);
                // old and upgraded producers side by side: every other deletion in
                // version 2
                if (upgradedProducers.get() && next % 2 == 0) {
                    publish(ContractVersion2.body(UUID.randomUUID(), "MemberDeleted", 2, member), "MemberDeleted");
                    publishedAsVersion2.incrementAndGet();
                }
                else {
                    publish(deleted(2, member));
                }
                published.incrementAndGet();
                sleep(BETWEEN_DELETIONS);
            }
        });

        MessageListenerContainer<?> oldConsumer = containers.getContainerById(MemberEventListener.ID);
        awaitPublished(published, 20);
        try (ConfigurableApplicationContext upgradedConsumer = AnotherInstance
            .start("spring.main.sources=" + ContractVersion2.class.getName())) {
            // both consumer versions side by side, on version 1
            int atUpgrade = published.get();
            awaitPublished(published, atUpgrade + 20);
            oldConsumer.stop();
            upgradedProducers.set(true);
            int atProducerUpgrade = published.get();
            awaitPublished(published, Math.min(MEMBERS, atProducerUpgrade + 40));
            stop.set(true);
            producers.get();

            System.out.printf(
                    "[rolling-deploy] %d deletions: %d to the old consumer alone, %d to both consumers, %d with both"
                            + " producers (%d of them version 2)%n",
                    published.get(), atUpgrade, atProducerUpgrade - atUpgrade, published.get() - atProducerUpgrade,
                    publishedAsVersion2.get());
            List<UUID> deletedMembers = members.subList(0, published.get());
            eventually().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(replicaStatuses(deletedMembers)).containsOnly("DELETED");
                assertThat(reservationsOf(deletedMembers)).isZero();
            });
            assertThat(replicaStatuses(members.subList(published.get(), MEMBERS))).containsOnly("ACTIVE");
            assertThat(publishedAsVersion2.get()).as("version 2 took part").isPositive();
            eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl())).isZero());
            assertThat(messagesIn(deadLetterQueueUrl())).as("nothing dead-lettered").isZero();
            assertThat(unsupported(meters) - unsupportedBefore).as("the old consumer never met version 2").isZero();
            assertThat(unsupported(upgradedConsumer.getBean(MeterRegistry.class))).isZero();
        }
        finally {
            stop.set(true);
            oldConsumer.start();
        }
    }

    private static void awaitPublished(AtomicInteger published, int atLeast) {
        eventually().atMost(Duration.ofSeconds(120)).until(() -> published.get() >= atLeast);
    }

    private List<String> replicaStatuses(List<UUID> members) {
        return jdbc.sql("select status from member_replica where member_id = any(?)")
            .param(members.toArray(UUID[]::new))
            .query(String.class)
            .list();
    }

    private long reservationsOf(List<UUID> members) {
        return jdbc.sql("select count(*) from reservation where member_id = any(?)")
            .param(members.toArray(UUID[]::new))
            .query(Long.class)
            .single();
    }

    private static double unsupported(MeterRegistry registry) {
        return registry.find(UNSUPPORTED).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
