package com.example.events.memberservice.relay;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param topicArn set where the topic is created elsewhere (on AWS, by the infra code)
 * @param provision create the topic at start-up (local runs and tests); never needed on
 * AWS
 */
@ConfigurationProperties("messaging")
record MessagingProperties(String topicName, String topicArn, boolean provision) {
}
