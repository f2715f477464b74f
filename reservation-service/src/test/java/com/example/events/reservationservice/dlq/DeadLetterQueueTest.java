package com.example.events.reservationservice.dlq;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import com.example.events.reservationservice.messaging.MessagingProperties;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksRequest;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskRequest;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When the redrive moves messages by hand and when it leaves them to the broker, decided
 * on the broker's answers: SQS's API is replaced by a fake that answers as SQS, an
 * emulator without move tasks, or a broker that refuses.
 */
class DeadLetterQueueTest {

    private static final MessagingProperties PROPERTIES = new MessagingProperties("member-events",
            "reservation-member-events", "reservation-member-events-dlq", 3, 30, 1209600, false, "reservation");

    private final FakeSqs sqs = new FakeSqs();

    private final DeadLetterQueue deadLetterQueue = new DeadLetterQueue(sqs, PROPERTIES);

    @Test
    void withoutMoveTasksEachMessageIsMovedByHandWithLongPolls() {
        sqs.moveTasks.add(() -> refused(400, "InvalidAction"));
        sqs.deadLetters.addAll(List.of(message("1"), message("2"), message("3")));

        assertThat(deadLetterQueue.redrive()).isEqualTo(3);

        assertThat(sqs.sentToSource).containsExactly("body-1", "body-2", "body-3");
        assertThat(sqs.deleted).containsExactly("receipt-1", "receipt-2", "receipt-3");
        assertThat(sqs.receiveWaits).isNotEmpty()
            .allSatisfy(
                    wait -> assertThat(wait).isGreaterThanOrEqualTo(DeadLetterQueue.MOVE_WAIT_SECONDS).isPositive());
        assertThat(sqs.started).isZero();
    }

    @Test
    void sqssOwnUnsupportedOperationMeansByHandToo() {
        sqs.moveTasks.add(() -> refused(400, "AWS.SimpleQueueService.UnsupportedOperation"));
        sqs.deadLetters.add(message("1"));

        assertThat(deadLetterQueue.redrive()).isOne();
    }

    @Test
    void aRunningMoveTaskIsNotRacedByHand() {
        sqs.moveTasks.add(() -> tasks(task("RUNNING", 3L, 10L)));
        sqs.deadLetters.add(message("1"));

        assertThatThrownBy(deadLetterQueue::redrive).isInstanceOf(RedriveInProgressException.class)
            .hasMessageContaining("3 of 10");

        assertThat(sqs.started).isZero();
        assertThat(sqs.receiveWaits).isEmpty();
        assertThat(sqs.deadLetters).hasSize(1);
    }

    @Test
    void accessDeniedToListTheTasksIsTheOperatorsToSeeNotAReasonToMoveByHand() {
        sqs.moveTasks.add(() -> refused(403, "AccessDenied"));

        assertRefusedWithoutMovingByHand();
    }

    @Test
    void accessDeniedToStartATaskIsNotAReasonToMoveByHandEither() {
        sqs.moveTasks.add(() -> tasks());
        sqs.startAnswer = () -> refused(403, "AccessDenied");

        assertRefusedWithoutMovingByHand();
    }

    private void assertRefusedWithoutMovingByHand() {
        sqs.deadLetters.add(message("1"));

        assertThatThrownBy(deadLetterQueue::redrive).isInstanceOf(CompletionException.class)
            .hasCauseInstanceOf(SqsException.class);

        assertThat(sqs.receiveWaits).isEmpty();
        assertThat(sqs.sentToSource).isEmpty();
        assertThat(sqs.deadLetters).hasSize(1);
    }

    @Test
    void withAMoveTaskTheAnswerIsWhatTheTaskMoved() {
        // an earlier task, finished, then the one this redrive starts
        sqs.moveTasks.add(() -> tasks(task("COMPLETED", 40L, 40L)));
        sqs.moveTasks.add(() -> tasks(task("RUNNING", 2L, 5L)));
        sqs.moveTasks.add(() -> tasks(task("COMPLETED", 5L, 5L)));

        assertThat(deadLetterQueue.redrive()).isEqualTo(5);

        assertThat(sqs.started).isOne();
        assertThat(sqs.receiveWaits).isEmpty();
    }

    @Test
    void aFailedMoveTaskReportsWhatItMovedBeforeFailing() {
        sqs.moveTasks.add(() -> tasks());
        sqs.moveTasks.add(() -> tasks(task("FAILED", 2L, 5L).toBuilder().failureReason("KMS key disabled").build()));

        assertThatThrownBy(deadLetterQueue::redrive).isInstanceOf(RedriveInterruptedException.class)
            .hasMessageContaining("Moved 2")
            .hasMessageContaining("KMS key disabled")
            .satisfies(ex -> assertThat(((RedriveInterruptedException) ex).getBody().getProperties())
                .containsEntry("moved", 2));
    }

    @Test
    void movingByHandThatFailsPartWayReportsWhatItReallyMoved() {
        sqs.moveTasks.add(() -> refused(400, "InvalidAction"));
        sqs.deadLetters.addAll(List.of(message("1"), message("2"), message("3")));
        sqs.failSendOf = "body-2";

        assertThatThrownBy(deadLetterQueue::redrive).isInstanceOf(RedriveInterruptedException.class)
            .satisfies(ex -> assertThat(((RedriveInterruptedException) ex).getBody().getProperties())
                .containsEntry("moved", 1));
        assertThat(sqs.sentToSource).containsExactly("body-1");
        assertThat(sqs.deleted).containsExactly("receipt-1");
    }

    private static Message message(String id) {
        return Message.builder().messageId(id).body("body-" + id).receiptHandle("receipt-" + id).build();
    }

    private static ListMessageMoveTasksResultEntry task(String status, Long moved, Long toMove) {
        return ListMessageMoveTasksResultEntry.builder()
            .status(status)
            .approximateNumberOfMessagesMoved(moved)
            .approximateNumberOfMessagesToMove(toMove)
            .build();
    }

    private static CompletableFuture<ListMessageMoveTasksResponse> tasks(ListMessageMoveTasksResultEntry... tasks) {
        return CompletableFuture.completedFuture(ListMessageMoveTasksResponse.builder().results(tasks).build());
    }

    private static <T> CompletableFuture<T> refused(int status, String errorCode) {
        return CompletableFuture.failedFuture(SqsException.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(errorCode).errorMessage(errorCode).build())
            .build());
    }

    /**
     * SQS as seen through the SDK: the dead-letter queue's messages and the answers about
     * move tasks are set by each test, in order; the last answer repeats.
     */
    private static final class FakeSqs implements SqsAsyncClient {

        final Deque<Supplier<CompletableFuture<ListMessageMoveTasksResponse>>> moveTasks = new ArrayDeque<>();

        Supplier<CompletableFuture<StartMessageMoveTaskResponse>> startAnswer = () -> CompletableFuture
            .completedFuture(StartMessageMoveTaskResponse.builder().taskHandle("task-1").build());

        final Deque<Message> deadLetters = new ArrayDeque<>();

        final List<Integer> receiveWaits = new ArrayList<>();

        final List<String> sentToSource = new ArrayList<>();

        final List<String> deleted = new ArrayList<>();

        String failSendOf;

        int started;

        @Override
        public CompletableFuture<GetQueueUrlResponse> getQueueUrl(GetQueueUrlRequest request) {
            return CompletableFuture
                .completedFuture(GetQueueUrlResponse.builder().queueUrl("url:" + request.queueName()).build());
        }

        @Override
        public CompletableFuture<GetQueueAttributesResponse> getQueueAttributes(GetQueueAttributesRequest request) {
            return CompletableFuture.completedFuture(GetQueueAttributesResponse.builder()
                .attributes(Map.of(QueueAttributeName.QUEUE_ARN, "arn:" + request.queueUrl(),
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, Integer.toString(deadLetters.size())))
                .build());
        }

        @Override
        public CompletableFuture<ListMessageMoveTasksResponse> listMessageMoveTasks(
                ListMessageMoveTasksRequest request) {
            assertThat(request.sourceArn()).isEqualTo("arn:url:reservation-member-events-dlq");
            return (moveTasks.size() > 1 ? moveTasks.poll() : moveTasks.peek()).get();
        }

        @Override
        public CompletableFuture<StartMessageMoveTaskResponse> startMessageMoveTask(
                StartMessageMoveTaskRequest request) {
            assertThat(request.sourceArn()).isEqualTo("arn:url:reservation-member-events-dlq");
            assertThat(request.destinationArn()).as("the queue the DLQ serves")
                .isEqualTo("arn:url:reservation-member-events");
            started++;
            return startAnswer.get();
        }

        @Override
        public CompletableFuture<ReceiveMessageResponse> receiveMessage(ReceiveMessageRequest request) {
            assertThat(request.queueUrl()).isEqualTo("url:reservation-member-events-dlq");
            receiveWaits.add(request.waitTimeSeconds());
            List<Message> batch = new ArrayList<>();
            while (!deadLetters.isEmpty() && batch.size() < 2) {
                batch.add(deadLetters.poll());
            }
            return CompletableFuture.completedFuture(ReceiveMessageResponse.builder().messages(batch).build());
        }

        @Override
        public CompletableFuture<SendMessageResponse> sendMessage(SendMessageRequest request) {
            assertThat(request.queueUrl()).isEqualTo("url:reservation-member-events");
            if (request.messageBody().equals(failSendOf)) {
                return refused(500, "InternalError");
            }
            sentToSource.add(request.messageBody());
            return CompletableFuture.completedFuture(SendMessageResponse.builder().build());
        }

        @Override
        public CompletableFuture<DeleteMessageResponse> deleteMessage(DeleteMessageRequest request) {
            assertThat(request.queueUrl()).isEqualTo("url:reservation-member-events-dlq");
            deleted.add(request.receiptHandle());
            return CompletableFuture.completedFuture(DeleteMessageResponse.builder().build());
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }

    }

}
