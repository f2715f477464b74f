package com.example.events.reservationservice.reservation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.example.events.reservationservice.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeletionRaceIT extends IntegrationTestSupport {

    private static final int REQUESTS = 50;

    @Test
    void noReservationSurvivesADeletionItRacedWith() throws Exception {
        UUID member = registerMember(1);
        UUID bystander = registerMember(2);
        Instant day = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
        assertThat(reserve(bystander, "court-0", day, day.plusSeconds(3600)).status()).isEqualTo(201);

        List<Integer> statuses;
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> requests = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                Instant startsAt = day.plus(n, ChronoUnit.HOURS);
                long spread = n * 20L; // the requests arrive over one second, the
                                       // deletion a third of the way in
                requests.add(clients.submit(() -> {
                    go.await();
                    Thread.sleep(spread);
                    return reserve(member, "court-" + (n % 5 + 1), startsAt, startsAt.plusSeconds(1800)).status();
                }));
            }
            go.countDown();
            Thread.sleep(300);
            publish(deleted(3, member));
            statuses = new ArrayList<>();
            for (Future<Integer> request : requests) {
                statuses.add(request.get());
            }
        }

        awaitReplica(member, "DELETED", 3);
        Map<Integer, Long> byStatus = statuses.stream()
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        System.out.println("[deletion race] responses by status: " + byStatus);
        assertThat(byStatus.keySet()).isSubsetOf(201, 422);
        assertThat(byStatus.get(201)).as("reservations created before the deletion was applied").isPositive();
        assertThat(reservationsOf(member)).isZero();
        assertThat(reservationsOf(bystander)).isEqualTo(1);
        assertThat(reserve(member, "court-9", day, day.plusSeconds(60)).status()).isEqualTo(422);
    }

}
