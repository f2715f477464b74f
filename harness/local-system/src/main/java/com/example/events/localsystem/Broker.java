package com.example.events.localsystem;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An SNS/SQS endpoint (the emulator or LocalStack), with the static credentials it
 * accepts: the broker of a running system, and the one record test-support's
 * {@code TestInfrastructure} hands to the tests. This is the broker itself, not a
 * service's proxy in front of it: cutting a service's broker path leaves this endpoint
 * reachable.
 */
public record Broker(URI endpoint, String region, String accessKey, String secretKey) {

    /** A new client; the caller closes it. */
    public SnsClient snsClient() {
        return SnsClient.builder()
            .endpointOverride(endpoint)
            .region(Region.of(region))
            .credentialsProvider(credentials())
            .build();
    }

    /** A new client; the caller closes it. */
    public SqsClient sqsClient() {
        return SqsClient.builder()
            .endpointOverride(endpoint)
            .region(Region.of(region))
            .credentialsProvider(credentials())
            .build();
    }

    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }
}
