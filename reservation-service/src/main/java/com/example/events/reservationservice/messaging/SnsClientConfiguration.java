package com.example.events.reservationservice.messaging;

import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.awspring.cloud.autoconfigure.core.AwsConnectionDetails;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * An SNS client for subscribing our queue to the topic, configured like the
 * auto-configured SQS client (the {@code spring.cloud.aws.*} endpoint, region and
 * credentials, else the SDK's default chains). This service never publishes.
 */
@Configuration(proxyBeanMethods = false)
class SnsClientConfiguration {

    @Bean(destroyMethod = "close")
    SnsClient snsClient(AwsClientBuilderConfigurer configurer, ObjectProvider<AwsConnectionDetails> connectionDetails) {
        return configurer.configure(SnsClient.builder(), null, connectionDetails.getIfAvailable()).build();
    }

}
