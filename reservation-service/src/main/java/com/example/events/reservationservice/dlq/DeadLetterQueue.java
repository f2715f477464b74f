package com.example.events.reservationservice.dlq;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import com.example.events.reservationservice.messaging.MessagingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Looking into the dead-letter queue and moving its messages back to the queue they came
 * from.
 */
@Component
class DeadLetterQueue {

    /** ReceiveMessage returns at most this many per call. */
    static final int PEEK_LIMIT = 10;

    /**
     * A bound on one redrive, should messages keep coming back to the DLQ as fast as they
     * are moved.
     */
    private static final int MAX_MOVES_PER_REDRIVE = 10_000;

    /**
     * How long a message being moved by hand stays hidden in the DLQ: longer than one
     * send and delete take.
     */
    private static final int MOVE_VISIBILITY_SECONDS = 30;

    /**
     * Each receive while moving by hand waits this long for messages: a long poll asks
     * every SQS server, so an empty answer means an empty queue, not an unlucky sample.
     */
    static final int MOVE_WAIT_SECONDS = 1;

    /** How long a redrive waits for the broker's move task to finish before answering. */
    private static final Duration TASK_WAIT = Duration.ofSeconds(5);

    private static final Duration TASK_POLL = Duration.ofMillis(200);

    /**
     * The error codes of a broker that has no message move tasks: SQS's own, and the
     * emulators' answer to an action they do not know.
     */
    private static final Set<String> UNSUPPORTED = Set.of("UnsupportedOperation",
            "AWS.SimpleQueueService.UnsupportedOperation", "InvalidAction", "UnknownOperationException");

    private static final String RUNNING = "RUNNING";

    private static final Set<String> FINISHED = Set.of("COMPLETED", "CANCELLED", "FAILED");

    private static final Logger log = LoggerFactory.getLogger(DeadLetterQueue.class);

    private final SqsAsyncClient sqs;

    private final MessagingProperties properties;

    DeadLetterQueue(SqsAsyncClient sqs, MessagingProperties properties) {
        this.sqs = sqs;
        this.properties = properties;
    }

    /**
     * The approximate count and up to {@value #PEEK_LIMIT} messages, received with a
     * visibility timeout of zero so that they stay in the queue, visible, for the next
     * look or a redrive. Each look counts as one more receive.
     */
    DlqContents peek() {
        String url = url(properties.deadLetterQueueName());
        long count = Long.parseLong(sqs
            .getQueueAttributes(
                    request -> request.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
            .join()
            .attributes()
            .getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"));
        List<DlqContents.DeadLetter> messages = sqs
            .receiveMessage(request -> request.queueUrl(url)
                .maxNumberOfMessages(PEEK_LIMIT)
                .visibilityTimeout(0)
                .waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
            .join()
            .messages()
            .stream()
            .map(message -> new DlqContents.DeadLetter(message.messageId(), message.body(), receiveCount(message)))
            .toList();
        return new DlqContents(Math.max(count, messages.size()), messages);
    }

    /**
     * Moves every message in the DLQ back to the queue it serves. Where the broker has
     * message move tasks (SQS), one does it on the broker's side, and the answer is what
     * the task reports moved once it finished, or so far when it takes longer than
     * {@link #TASK_WAIT}. Only where the broker has none (an emulator) is each message
     * received, sent to the source queue and then deleted from the DLQ: a crash in
     * between leaves a copy in both, never in neither, and the consumer's inbox absorbs
     * the duplicate. Any other refusal (access denied, a broken queue) is the operator's
     * to see, not a reason to move by hand what the broker would not.
     * @return how many messages were moved
     * @throws RedriveInProgressException when a move task of the DLQ is running already
     * @throws RedriveInterruptedException when moving by hand failed part way
     */
    int redrive() {
        String dlqUrl = url(properties.deadLetterQueueName());
        String dlqArn = arn(dlqUrl);
        Optional<ListMessageMoveTasksResultEntry> latest;
        try {
            latest = latestMoveTask(dlqArn);
        }
        catch (MoveTasksUnsupportedException ex) {
            log.info("The broker has no message move tasks ({}); moving dead letters by hand", ex.getMessage());
            return moveByHand(dlqUrl, url(properties.queueName()));
        }
        if (latest.isPresent() && RUNNING.equals(latest.get().status())) {
            throw new RedriveInProgressException(latest.get().approximateNumberOfMessagesMoved(),
                    latest.get().approximateNumberOfMessagesToMove());
        }
        // to the queue this DLQ serves, named: without a destination SQS returns each
        // message to the queue it was dead-lettered from, and fails the whole task for a
        // message that never was (one an operator put there by hand)
        String queueArn = arn(url(properties.queueName()));
        String handle = unlessUnsupported(
                () -> sqs.startMessageMoveTask(request -> request.sourceArn(dlqArn).destinationArn(queueArn)).join())
            .taskHandle();
        log.info("Started message move task {} for {}", handle, properties.deadLetterQueueName());
        return awaitMoveTask(dlqArn);
    }

    private Optional<ListMessageMoveTasksResultEntry> latestMoveTask(String dlqArn) {
        // the most recent task first
        return unlessUnsupported(
                () -> sqs.listMessageMoveTasks(request -> request.sourceArn(dlqArn).maxResults(1)).join())
            .results()
            .stream()
            .findFirst();
    }

    private int awaitMoveTask(String dlqArn) {
        long deadline = System.nanoTime() + TASK_WAIT.toNanos();
        while (true) {
            Optional<ListMessageMoveTasksResultEntry> task = latestMoveTask(dlqArn);
            long moved = task.map(ListMessageMoveTasksResultEntry::approximateNumberOfMessagesMoved).orElse(0L);
            String status = task.map(ListMessageMoveTasksResultEntry::status).orElse(RUNNING);
            if ("FAILED".equals(status)) {
                throw new RedriveInterruptedException((int) moved, "the message move task failed: "
                        + task.map(ListMessageMoveTasksResultEntry::failureReason).orElse("no reason given"));
            }
            if (FINISHED.contains(status) || System.nanoTime() > deadline) {
                log.info("Message move task of {}: {}, {} message(s) moved", properties.deadLetterQueueName(), status,
                        moved);
                return (int) moved;
            }
            pause(TASK_POLL);
        }
    }

    private int moveByHand(String dlqUrl, String sourceUrl) {
        int moved = 0;
        try {
            while (moved < MAX_MOVES_PER_REDRIVE) {
                List<Message> batch = sqs
                    .receiveMessage(request -> request.queueUrl(dlqUrl)
                        .maxNumberOfMessages(PEEK_LIMIT)
                        .visibilityTimeout(MOVE_VISIBILITY_SECONDS)
                        .waitTimeSeconds(MOVE_WAIT_SECONDS)
                        .messageAttributeNames("All"))
                    .join()
                    .messages();
                if (batch.isEmpty()) {
                    break;
                }
                for (Message message : batch) {
                    sqs.sendMessage(request -> request.queueUrl(sourceUrl)
                        .messageBody(message.body())
                        .messageAttributes(message.messageAttributes())).join();
                    sqs.deleteMessage(request -> request.queueUrl(dlqUrl).receiptHandle(message.receiptHandle()))
                        .join();
                    moved++;
                }
            }
        }
        catch (CompletionException ex) {
            throw new RedriveInterruptedException(moved, (ex.getCause() != null ? ex.getCause() : ex).getMessage());
        }
        log.info("Moved {} message(s) from {} back to {}", moved, properties.deadLetterQueueName(),
                properties.queueName());
        return moved;
    }

    private static <T> T unlessUnsupported(Supplier<T> call) {
        try {
            return call.get();
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof AwsServiceException refused && isUnsupported(refused)) {
                throw new MoveTasksUnsupportedException(refused);
            }
            throw ex;
        }
    }

    private static boolean isUnsupported(AwsServiceException refused) {
        return refused instanceof software.amazon.awssdk.services.sqs.model.UnsupportedOperationException
                || refused.statusCode() == 501 || UNSUPPORTED.contains(errorCode(refused));
    }

    private static String errorCode(AwsServiceException refused) {
        return refused.awsErrorDetails() == null ? "HTTP " + refused.statusCode()
                : refused.awsErrorDetails().errorCode();
    }

    private static final class MoveTasksUnsupportedException extends RuntimeException {

        MoveTasksUnsupportedException(AwsServiceException refused) {
            super(errorCode(refused), refused, false, false);
        }

    }

    private String arn(String queueUrl) {
        return sqs
            .getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .join()
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    }

    private String url(String queueName) {
        return sqs.getQueueUrl(request -> request.queueName(queueName)).join().queueUrl();
    }

    private static int receiveCount(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return count == null ? 0 : Integer.parseInt(count);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the message move task", ex);
        }
    }

}
