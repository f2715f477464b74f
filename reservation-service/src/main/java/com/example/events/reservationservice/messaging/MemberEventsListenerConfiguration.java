package com.example.events.reservationservice.messaging;

import java.util.List;

import com.example.events.reservationservice.database.DatabaseAvailability;
import com.example.events.reservationservice.database.DatabasePools;
import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandlerFactories;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.awspring.cloud.sqs.support.converter.MessagingMessageConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The listener container of {@link MemberEventListener}, sized to the listener's database
 * pool rather than configured on its own, so that the two cannot disagree: each receive
 * (up to ten messages) is applied in one transaction, on one connection, so the listener
 * works on as many receives at once as its pool has connections; more would only queue
 * for a connection. The next receive does not wait for the previous ones to commit: while
 * a receive's transaction runs, the next ones are already on their way.
 */
@Configuration(proxyBeanMethods = false)
class MemberEventsListenerConfiguration {

    static final String FACTORY = "memberEventsListenerContainerFactory";

    @Bean(FACTORY)
    SqsMessageListenerContainerFactory<Object> memberEventsListenerContainerFactory(SqsAsyncClient sqs,
            MessagingMessageConverter<?> converter, ListenerProperties listener, DatabasePools pools,
            DatabaseAvailability database) {
        int maxConcurrentMessages = pools.listenerConnections() * ListenerProperties.MAX_MESSAGES_PER_RECEIVE;
        return SqsMessageListenerContainerFactory.builder()
            .sqsAsyncClient(sqs)
            .containerComponentFactories(List.of(BatchedDeletes.componentFactory()))
            .configure(options -> options
                // MemberEventsListenerStarter starts it, once the queue with its
                // dead-letter redrive exists
                .autoStartup(false)
                .maxConcurrentMessages(maxConcurrentMessages)
                .maxMessagesPerPoll(ListenerProperties.MAX_MESSAGES_PER_RECEIVE)
                // nothing is received while the database is unavailable; then, as the
                // container does by default, at most maxConcurrentMessages in hand, and
                // a single poll at a time while the queue is empty
                .backPressureHandlerFactory(BackPressureHandlerFactories.compositeBackPressureHandler(
                        containerOptions -> new DatabaseGate(database),
                        BackPressureHandlerFactories.concurrencyLimiterBackPressureHandler(),
                        BackPressureHandlerFactories.throughputBackPressureHandler()))
                .pollTimeout(listener.pollTimeout())
                .maxDelayBetweenPolls(listener.maxDelayBetweenPolls())
                // the listener acknowledges each message whose transaction committed; any
                // other stays on the queue and comes back
                .acknowledgementMode(AcknowledgementMode.MANUAL)
                .acknowledgementInterval(listener.acknowledgementInterval())
                // the container gives a whole receive no span; the listener gives each
                // message its own
                .messageConverter(converter))
            .build();
    }

}
