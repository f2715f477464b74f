package com.example.events.infra.reservation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.example.events.infra.Topology;
import com.example.events.infra.platform.AlarmActions;

import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
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
 * queue the member topic delivers to, its dead-letter queue, the subscription's own
 * dead-letter queue for what SNS cannot deliver at all, and the alarms on all of them.
 */
public final class ReservationMessagingStack extends Stack {

    /**
     * @param memberEvents the producer's topic to subscribe to
     * @param oldestMessageAlarmAge how old the oldest waiting message may get before
     * someone is told
     * @param alarmTopic where every alarm goes
     * @param consumerRoleName the role reservation-service runs as, which redrives dead
     * letters to the queue (a name: that role's stack is deployed after this one)
     */
    public record Props(StackProps stackProps, Topology topology, ITopic memberEvents, Duration oldestMessageAlarmAge,
            ITopic alarmTopic, String consumerRoleName) {
        public Props {
            Objects.requireNonNull(consumerRoleName, "consumerRoleName");
            Objects.requireNonNull(stackProps, "stackProps");
            Objects.requireNonNull(topology, "topology");
            Objects.requireNonNull(memberEvents, "memberEvents");
            Objects.requireNonNull(oldestMessageAlarmAge, "oldestMessageAlarmAge");
            Objects.requireNonNull(alarmTopic, "alarmTopic");
        }
    }

    private final Key queueKey;

    private final Queue queue;

    private final Queue deadLetterQueue;

    private final Queue undeliverableQueue;

    private final Alarm deadLetterQueueAlarm;

    private final Alarm oldestMessageAlarm;

    private final Alarm undeliverableAlarm;

    private final Alarm deliveryFailuresAlarm;

    public ReservationMessagingStack(Construct scope, String id, Props props) {
        super(scope, id, props.stackProps());
        Topology topology = props.topology();
        ITopic alarmTopic = props.alarmTopic();

        // customer managed: SNS can only deliver to a queue whose key policy lets it in,
        // which the AWS managed alias/aws/sqs key never does
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
            // as long as the queue's: a message keeps its first enqueue time when it is
            // dead-lettered, so a shorter retention here would drop an old message at
            // once
            .retentionPeriod(Duration.seconds(topology.messageRetentionSeconds()))
            .enforceSsl(true)
            .build();

        this.queue = Queue.Builder.create(this, "Queue")
            .queueName(topology.queueName())
            .visibilityTimeout(Duration.seconds(topology.visibilityTimeoutSeconds()))
            // a backlog outlives a long outage of the consumer
            .retentionPeriod(Duration.seconds(topology.messageRetentionSeconds()))
            .encryption(QueueEncryption.KMS)
            .encryptionMasterKey(queueKey)
            .deadLetterQueue(DeadLetterQueue.builder()
                .queue(deadLetterQueue)
                .maxReceiveCount(topology.maxReceiveCount())
                .build())
            .enforceSsl(true)
            .build();

        // What SNS could not put on the queue at all (a key policy or queue policy that
        // refuses it) lands here instead of being dropped. Encrypted by SQS itself, not
        // with the queue's key: a mistake in that key's policy must not refuse this one
        // too.
        this.undeliverableQueue = Queue.Builder.create(this, "UndeliverableQueue")
            .queueName(topology.undeliverableQueueName())
            .encryption(QueueEncryption.SQS_MANAGED)
            .retentionPeriod(Duration.days(14))
            .enforceSsl(true)
            .build();

        // The subscription lands in this stack (the subscriber's scope). SqsSubscription
        // adds the queue policy statements (sqs:SendMessage for sns.amazonaws.com,
        // aws:SourceArn = topic) on the queue and on its dead-letter queue, and the key
        // policy statement that lets SNS encrypt for the queue.
        Subscription subscription = props.memberEvents()
            .addSubscription(SqsSubscription.Builder.create(queue)
                .rawMessageDelivery(true)
                .deadLetterQueue(undeliverableQueue)
                .build());
        // The policy has an "$or" on message attributes, which SubscriptionFilter cannot
        // express (CDK offers "$or" only for message body policies): set on the
        // CloudFormation resource itself.
        CfnSubscription cfnSubscription = (CfnSubscription) subscription.getNode().getDefaultChild();
        cfnSubscription.setFilterPolicyScope("MessageAttributes");
        cfnSubscription.setFilterPolicy(topology.filterPolicy());

        // The Allow above lets the topic in; this Deny keeps out every other sender an
        // identity policy of the account might let in. The DLQ redrive must still pass:
        // StartMessageMoveTask (and the service's move by hand where there is none) sends
        // to this queue as the principal that started it, the service's task role when an
        // operator calls POST /admin/dlq/redrive. That request carries no aws:SourceArn,
        // which only a service principal such as SNS sets, so a condition on it alone
        // would refuse the redrive; nor aws:PrincipalServiceName, absent for a role. So
        // the task role is exempt by its ARN: a redrive by anyone else's role is refused.
        // both keys under one operator: denied only when neither is the case
        Map<String, Object> neitherTopicNorConsumer = new LinkedHashMap<>();
        neitherTopicNorConsumer.put("aws:SourceArn", props.memberEvents().getTopicArn());
        neitherTopicNorConsumer.put("aws:PrincipalArn",
                Arn.format(ArnComponents.builder()
                    .service("iam")
                    .region("")
                    .resource("role")
                    .resourceName(props.consumerRoleName())
                    .build(), this));
        queue.addToResourcePolicy(PolicyStatement.Builder.create()
            .sid("OnlyTheTopicOrTheRedriveSends")
            .effect(Effect.DENY)
            .principals(List.of(new AnyPrincipal()))
            .actions(List.of("sqs:SendMessage"))
            .resources(List.of(queue.getQueueArn()))
            .conditions(Map.of("ArnNotEquals", neitherTopicNorConsumer))
            .build());

        MetricOptions everyMinuteMaximum = MetricOptions.builder()
            .period(Duration.minutes(1))
            .statistic("Maximum")
            .build();
        this.deadLetterQueueAlarm = AlarmActions.notify(
                Alarm.Builder.create(this, "DeadLetterQueueNotEmpty")
                    .alarmDescription(topology.deadLetterQueueName() + " holds messages that failed "
                            + topology.maxReceiveCount() + " times: inspect with GET /admin/dlq, "
                            + "move back with POST /admin/dlq/redrive")
                    .metric(deadLetterQueue.metricApproximateNumberOfMessagesVisible(everyMinuteMaximum))
                    .threshold(0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .evaluationPeriods(1)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build(),
                alarmTopic);

        this.oldestMessageAlarm = AlarmActions.notify(Alarm.Builder.create(this, "OldestMessageTooOld")
            .alarmDescription(topology.queueName() + " is not being drained: the oldest message "
                    + "has waited longer than " + props.oldestMessageAlarmAge().toSeconds() + " s")
            .metric(queue.metricApproximateAgeOfOldestMessage(everyMinuteMaximum))
            .threshold(props.oldestMessageAlarmAge().toSeconds())
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(3)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build(), alarmTopic);

        this.undeliverableAlarm = AlarmActions.notify(Alarm.Builder.create(this, "UndeliverableEvents")
            .alarmDescription("SNS could not deliver member events to " + topology.queueName() + " and put them in "
                    + topology.undeliverableQueueName()
                    + ": check the queue's policy and its key's policy, then move them to the queue")
            .metric(undeliverableQueue.metricApproximateNumberOfMessagesVisible(everyMinuteMaximum))
            .threshold(0)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(1)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build(), alarmTopic);

        this.deliveryFailuresAlarm = AlarmActions.notify(Alarm.Builder.create(this, "NotificationsFailed")
            .alarmDescription("SNS failed to deliver member events (NumberOfNotificationsFailed): to this queue "
                    + "they land in " + topology.undeliverableQueueName())
            .metric(props.memberEvents()
                .metricNumberOfNotificationsFailed(
                        MetricOptions.builder().period(Duration.minutes(1)).statistic("Sum").build()))
            .threshold(0)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(1)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build(), alarmTopic);
    }

    public IQueue queue() {
        return queue;
    }

    public IQueue deadLetterQueue() {
        return deadLetterQueue;
    }

    /** The subscription's dead-letter queue: what SNS could not deliver. */
    public IQueue undeliverableQueue() {
        return undeliverableQueue;
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

    public Alarm undeliverableAlarm() {
        return undeliverableAlarm;
    }

    public Alarm deliveryFailuresAlarm() {
        return deliveryFailuresAlarm;
    }

}
