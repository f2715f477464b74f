package com.example.events.infra.reservation;

import java.util.Objects;

import com.example.events.infra.Topology;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.CfnSubscription;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Subscription;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Owned by the reservation team (the consumer owns its queue, DLQ and subscription): the
 * queue the member topic delivers to, its dead-letter queue, and the alarms on both.
 */
public final class ReservationMessagingStack extends Stack {

    /**
     * @param memberEvents the producer's topic to subscribe to
     * @param oldestMessageAlarmAge how old the oldest waiting message may get before
     * someone is told
     */
    public record Props(StackProps stackProps, Topology topology, ITopic memberEvents, Duration oldestMessageAlarmAge) {
        public Props {
            Objects.requireNonNull(stackProps, "stackProps");
            Objects.requireNonNull(topology, "topology");
            Objects.requireNonNull(memberEvents, "memberEvents");
            Objects.requireNonNull(oldestMessageAlarmAge, "oldestMessageAlarmAge");
        }
    }

    private final Key queueKey;

    private final Queue queue;

    private final Queue deadLetterQueue;

    private final Alarm deadLetterQueueAlarm;

    private final Alarm oldestMessageAlarm;

    public ReservationMessagingStack(Construct scope, String id, Props props) {
        super(scope, id, props.stackProps());
        Topology topology = props.topology();

        // customer managed: SNS can only deliver to a queue whose key policy lets it in,
        // which the
        // AWS managed alias/aws/sqs key never does
        this.queueKey = Key.Builder.create(this, "QueueKey")
            .description("Encrypts " + topology.queueName() + " and its dead-letter queue at rest")
            .enableKeyRotation(true)
            .pendingWindow(Duration.days(7))
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();

        this.deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
            .queueName(topology.deadLetterQueueName())
            .encryption(QueueEncryption.KMS)
            .encryptionMasterKey(queueKey)
            // longer than the source queue's, so a poison message outlives a long weekend
            .retentionPeriod(Duration.days(14))
            .enforceSsl(true)
            .build();

        this.queue = Queue.Builder.create(this, "Queue")
            .queueName(topology.queueName())
            .visibilityTimeout(Duration.seconds(topology.visibilityTimeoutSeconds()))
            .retentionPeriod(Duration.days(4))
            .encryption(QueueEncryption.KMS)
            .encryptionMasterKey(queueKey)
            .deadLetterQueue(DeadLetterQueue.builder()
                .queue(deadLetterQueue)
                .maxReceiveCount(topology.maxReceiveCount())
                .build())
            .enforceSsl(true)
            .build();

        // The subscription lands in this stack (the subscriber's scope). SqsSubscription
        // adds the
        // queue policy statement (sqs:SendMessage for sns.amazonaws.com, aws:SourceArn =
        // topic)
        // and the key policy statement that lets SNS encrypt for this queue.
        Subscription subscription = props.memberEvents()
            .addSubscription(SqsSubscription.Builder.create(queue).rawMessageDelivery(true).build());
        // The policy has an "$or" on message attributes, which SubscriptionFilter cannot
        // express (CDK
        // offers "$or" only for message body policies): set on the CloudFormation
        // resource itself.
        CfnSubscription cfnSubscription = (CfnSubscription) subscription.getNode().getDefaultChild();
        cfnSubscription.setFilterPolicyScope("MessageAttributes");
        cfnSubscription.setFilterPolicy(topology.filterPolicy());

        this.deadLetterQueueAlarm = Alarm.Builder.create(this, "DeadLetterQueueNotEmpty")
            .alarmDescription(
                    topology.deadLetterQueueName() + " holds messages that failed " + topology.maxReceiveCount()
                            + " times: inspect with GET /admin/dlq, " + "move back with POST /admin/dlq/redrive")
            .metric(deadLetterQueue.metricApproximateNumberOfMessagesVisible(
                    MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build()))
            .threshold(0)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(1)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();

        this.oldestMessageAlarm = Alarm.Builder.create(this, "OldestMessageTooOld")
            .alarmDescription(topology.queueName() + " is not being drained: the oldest message "
                    + "has waited longer than " + props.oldestMessageAlarmAge().toSeconds() + " s")
            .metric(queue.metricApproximateAgeOfOldestMessage(
                    MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build()))
            .threshold(props.oldestMessageAlarmAge().toSeconds())
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(3)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    }

    public IQueue queue() {
        return queue;
    }

    public IQueue deadLetterQueue() {
        return deadLetterQueue;
    }

    public IKey queueKey() {
        return queueKey;
    }

    public Alarm deadLetterQueueAlarm() {
        return deadLetterQueueAlarm;
    }

    public Alarm oldestMessageAlarm() {
        return oldestMessageAlarm;
    }

}
