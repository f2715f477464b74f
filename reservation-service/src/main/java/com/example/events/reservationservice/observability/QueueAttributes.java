package com.example.events.reservationservice.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * GetQueueAttributes for operators' checks: bounded in time, with queue URLs looked up
 * once.
 */
@Component
class QueueAttributes {

    private final SqsAsyncClient sqs;

    private final Map<String, String> urls = new ConcurrentHashMap<>();

    QueueAttributes(SqsAsyncClient sqs) {
        this.sqs = sqs;
    }

    /**
     * @throws ExecutionException with the SDK's reason when SQS refused or could not be
     * reached
     * @throws TimeoutException when SQS did not answer in time
     */
    Map<QueueAttributeName, String> get(String queueName, Duration timeout, QueueAttributeName... names)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String url = urls.get(queueName);
        if (url == null) {
            url = sqs
                .getQueueUrl(request -> request.queueName(queueName)
                    .overrideConfiguration(config -> config.apiCallTimeout(timeout)))
                .get(remaining(deadline), TimeUnit.NANOSECONDS)
                .queueUrl();
            urls.put(queueName, url);
        }
        String queueUrl = url;
        return sqs
            .getQueueAttributes(request -> request.queueUrl(queueUrl)
                .attributeNames(names)
                .overrideConfiguration(config -> config.apiCallTimeout(timeout)))
            .get(remaining(deadline), TimeUnit.NANOSECONDS)
            .attributes();
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

}
