package com.example.events.infra.member;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.example.events.infra.DeploymentSettings;
import com.example.events.infra.ServiceSpec;
import com.example.events.infra.platform.AlarmActions;
import com.example.events.infra.platform.CloudWatchMeterNames;
import com.example.events.infra.platform.OAuth2Issuer;
import com.example.events.infra.platform.SpringServiceWithDatabase;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * Owned by the member team: member-service, its database, its right to publish, and the
 * alarms on its outbox.
 */
public final class MemberServiceStack extends Stack {

    public record Props(StackProps stackProps, ServiceSpec spec, DeploymentSettings settings, IVpc vpc,
            ICluster cluster, IRepository repository, OAuth2Issuer issuer, ITopic alarmTopic, ITopic topic,
            IKey topicKey) {

        public Props {
            Objects.requireNonNull(stackProps, "stackProps");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(topicKey, "topicKey");
        }
    }

    /**
     * Two tasks, one per availability zone: a task or a zone may go, the API stays. Their
     * relays run side by side safely (claims are leased per event).
     */
    public static final int TASKS = 2;

    public static final int POOL_SIZE = 10;

    /** The service's meters the alarms watch (OutboxGauges, MemberEventPublisher). */
    public static final String OLDEST_PENDING_AGE_METER = "outbox.events.pending.oldest.age";

    public static final String PUBLISH_FAILURES_METER = "outbox.publish.failures";

    /** An event older than this in the outbox means the relay does not get through. */
    public static final Duration OLDEST_PENDING_ALARM_AGE = Duration.seconds(60);

    private final SpringServiceWithDatabase service;

    private final Alarm oldestPendingEventAlarm;

    private final Alarm publishFailuresAlarm;

    public MemberServiceStack(Construct scope, String id, Props props) {
        super(scope, id, props.stackProps());

        this.service = new SpringServiceWithDatabase(this, "MemberService",
                new SpringServiceWithDatabase.Props(props.spec(), props.settings(), props.vpc(), props.cluster(),
                        props.repository(), props.issuer(), props.alarmTopic(),
                        props.settings().memberDatabaseInstanceType(), POOL_SIZE,
                        Map.of("MESSAGING_TOPIC_ARN", props.topic().getTopicArn()),
                        SpringServiceWithDatabase.TaskCount.fixed(TASKS)));

        // Publish and nothing else: the outbox relay sends to one topic. Written out
        // rather than topic.grantPublish() so the KMS part is exactly what SNS needs from
        // a publisher.
        service.taskRole()
            .addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("PublishMemberEvents")
                .effect(Effect.ALLOW)
                .actions(List.of("sns:Publish"))
                .resources(List.of(props.topic().getTopicArn()))
                .build());
        // The readiness probe's look at the topic (GetTopicAttributes).
        service.taskRole()
            .addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("CheckMemberEventsTopic")
                .effect(Effect.ALLOW)
                .actions(List.of("sns:GetTopicAttributes"))
                .resources(List.of(props.topic().getTopicArn()))
                .build());
        service.taskRole()
            .addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("EncryptForMemberEventsTopic")
                .effect(Effect.ALLOW)
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of(props.topicKey().getKeyArn()))
                .build());

        this.oldestPendingEventAlarm = AlarmActions.notify(Alarm.Builder.create(this, "OutboxEventWaitingTooLong")
            .alarmDescription("An event has waited in member-service's outbox for more than "
                    + OLDEST_PENDING_ALARM_AGE.toSeconds()
                    + " s: the relay does not get events onto the topic (see the publish failures alarm and the log)")
            .metric(serviceMetric(CloudWatchMeterNames.gauge(OLDEST_PENDING_AGE_METER), "Maximum"))
            .threshold(OLDEST_PENDING_ALARM_AGE.toSeconds())
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(2)
            .datapointsToAlarm(2)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build(), props.alarmTopic());

        this.publishFailuresAlarm = AlarmActions.notify(Alarm.Builder.create(this, "OutboxPublishFailing")
            .alarmDescription("SNS has refused member-service's events in each of the last 5 minutes; every "
                    + "event is retried, the log line \"SNS did not accept\" names the cause")
            .metric(serviceMetric(CloudWatchMeterNames.counter(PUBLISH_FAILURES_METER), "Sum"))
            .threshold(0)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(5)
            .datapointsToAlarm(5)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build(), props.alarmTopic());
    }

    private Metric serviceMetric(String metricName, String statistic) {
        return Metric.Builder.create()
            .namespace(service.metricsNamespace())
            .metricName(metricName)
            .statistic(statistic)
            .period(Duration.minutes(1))
            .build();
    }

    public SpringServiceWithDatabase service() {
        return service;
    }

    public Alarm oldestPendingEventAlarm() {
        return oldestPendingEventAlarm;
    }

    public Alarm publishFailuresAlarm() {
        return publishFailuresAlarm;
    }

}
