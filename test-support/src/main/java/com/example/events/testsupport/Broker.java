package com.example.events.testsupport;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An SNS/SQS endpoint the tests may use, with the static credentials it accepts.
 *
 * @param description what is running and where, for the test log
 */
public record Broker(URI endpoint, String region, String accessKey, String secretKey, String description) {

    public SnsClient snsClient() {
        return SnsClient.builder()
            .endpointOverride(endpoint)
            .region(Region.of(region))
            .credentialsProvider(credentials())
            .build();
    }

    public SqsClient sqsClient() {
        return SqsClient.builder()
            .endpointOverride(endpoint)
            .region(Region.of(region))
            .credentialsProvider(credentials())
            .build();
    }

    /**
     * The ARN a topic of this name has on this broker; both emulators use account
     * 000000000000.
     */
    public String topicArn(String topicName) {
        return "arn:aws:sns:" + region + ":000000000000:" + topicName;
    }

    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }
}
