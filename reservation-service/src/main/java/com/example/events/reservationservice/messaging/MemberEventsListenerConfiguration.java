package com.example.events.reservationservice.messaging;

import java.util.List;

import com.example.events.reservationservice.database.DatabaseAvailability;
import com.example.events.reservationservice.database.DatabasePools;
import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandlerFactories;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.awspring.cloud.sqs.support.converter.MessagingMessageConverter;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The listener container of {@link MemberEventListener}, sized to the listener's database
 * pool rather than configured on its own, so that the two cannot disagree: more messages
 * in flight than the pool has connections would only make them queue for a connection.
 */
@Configuration(proxyBeanMethods = false)
class MemberEventsListenerConfiguration {

    static final String FACTORY = "memberEventsListenerContainerFactory";

    @Bean(FACTORY)
    SqsMessageListenerContainerFactory<Object> memberEventsListenerContainerFactory(SqsAsyncClient sqs,
            MessagingMessageConverter<?> converter, ListenerProperties listener, ObservationRegistry observations,
            DatabasePools pools, DatabaseAvailability database) {
        int maxConcurrentMessages = pools.listenerConnections();
        return SqsMessageListenerContainerFactory.builder()
            .sqsAsyncClient(sqs)
            .containerComponentFactories(List.of(BatchedDeletes.componentFactory()))
            .configure(options -> options
                // MemberEventsListenerStarter starts it, once the queue with its
                // dead-letter redrive exists
                .autoStartup(false)
                .maxConcurrentMessages(maxConcurrentMessages)
                .maxMessagesPerPoll(ListenerProperties.maxMessagesPerPoll(maxConcurrentMessages))
                // nothing is received while the database is unavailable; then, as the
                // container does by default, at most maxConcurrentMessages in hand, and
                // a single poll at a time while the queue is empty
                .backPressureHandlerFactory(BackPressureHandlerFactories.compositeBackPressureHandler(
                        containerOptions -> new DatabaseGate(database),
                        BackPressureHandlerFactories.concurrencyLimiterBackPressureHandler(),
                        BackPressureHandlerFactories.throughputBackPressureHandler()))
                .pollTimeout(listener.pollTimeout())
                .maxDelayBetweenPolls(listener.maxDelayBetweenPolls())
                // Deleted only once the listener returned, that is after the message's
                // transaction committed; a message whose listener threw stays on the
                // queue and comes back.
                .acknowledgementMode(AcknowledgementMode.ON_SUCCESS)
                .acknowledgementInterval(listener.acknowledgementInterval())
                .messageConverter(converter)
                // each message is handled in a consumer span continuing the trace of its
                // traceparent attribute, which member-service copies from the request
                // that caused the event
                .observationRegistry(observations))
            .build();
    }

}
