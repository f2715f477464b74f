package com.example.events.reservationservice.dlq;

import java.util.List;
import java.util.concurrent.CompletionException;

import com.example.events.reservationservice.messaging.MessagingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
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
     * Moves every message in the DLQ back to the source queue. Where the broker offers it
     * (SQS), a message move task does that on the broker's side; the answer is then the
     * number of messages the task found to move. Elsewhere each message is received, sent
     * to the source queue and only then deleted from the DLQ: a crash in between leaves a
     * copy in both, never in neither, and the consumer's inbox absorbs the duplicate.
     * @return how many messages were moved (or handed to the move task)
     */
    int redrive() {
        String dlqUrl = url(properties.deadLetterQueueName());
        String sourceUrl = url(properties.queueName());
        Integer started = startMoveTask(dlqUrl);
        return started != null ? started : moveByHand(dlqUrl, sourceUrl);
    }

    private Integer startMoveTask(String dlqUrl) {
        var attributes = sqs
            .getQueueAttributes(request -> request.queueUrl(dlqUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
            .join()
            .attributes();
        try {
            // without a destination the task returns each message to the queue it was
            // dead-lettered from
            String handle = sqs
                .startMessageMoveTask(request -> request.sourceArn(attributes.get(QueueAttributeName.QUEUE_ARN)))
                .join()
                .taskHandle();
            int count = Integer
                .parseInt(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"));
            log.info("Started message move task {} for about {} message(s) from {}", handle, count,
                    properties.deadLetterQueueName());
            return count;
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof AwsServiceException refused) {
                log.info("No message move task ({}); moving dead letters by hand",
                        refused.awsErrorDetails() == null ? refused.toString() : refused.awsErrorDetails().errorCode());
                return null;
            }
            throw ex;
        }
    }

    private int moveByHand(String dlqUrl, String sourceUrl) {
        int moved = 0;
        while (moved < MAX_MOVES_PER_REDRIVE) {
            List<Message> batch = sqs
                .receiveMessage(request -> request.queueUrl(dlqUrl)
                    .maxNumberOfMessages(PEEK_LIMIT)
                    .visibilityTimeout(MOVE_VISIBILITY_SECONDS)
                    .waitTimeSeconds(0)
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
                sqs.deleteMessage(request -> request.queueUrl(dlqUrl).receiptHandle(message.receiptHandle())).join();
                moved++;
            }
        }
        log.info("Moved {} message(s) from {} back to {}", moved, properties.deadLetterQueueName(),
                properties.queueName());
        return moved;
    }

    private String url(String queueName) {
        return sqs.getQueueUrl(request -> request.queueName(queueName)).join().queueUrl();
    }

    private static int receiveCount(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return count == null ? 0 : Integer.parseInt(count);
    }

}
