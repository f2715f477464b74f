package com.example.events.infra.reservation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Owned by the reservation team: reservation-service, its database, its rights on its own
 * queues, scaling on the backlog each task has to work through, and the alarms on the
 * consumer.
 */
public final class ReservationServiceStack extends Stack {

    /** Task count bounds for scaling on the backlog. */
    public record Scaling(int minTasks, int maxTasks) {
        public Scaling {
            if (minTasks < 1 || maxTasks < minTasks) {
                throw new IllegalArgumentException("need 1 <= minTasks <= maxTasks, got " + minTasks + ".." + maxTasks);
            }
        }
    }

    public record Props(StackProps stackProps, ServiceSpec spec, DeploymentSettings settings, IVpc vpc,
            ICluster cluster, IRepository repository, OAuth2Issuer issuer, ITopic alarmTopic, IQueue queue,
            IQueue deadLetterQueue, IKey queueKey, List<String> eventTypes, Scaling scaling) {

        public Props {
            Objects.requireNonNull(stackProps, "stackProps");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(deadLetterQueue, "deadLetterQueue");
            Objects.requireNonNull(queueKey, "queueKey");
            Objects.requireNonNull(scaling, "scaling");
            eventTypes = List.copyOf(eventTypes);
        }
    }

    /**
     * The pool each task holds, and how much of it the listener may take (the rest is the
     * REST API's): DB_POOL_SIZE and DB_API_CONNECTIONS.
     */
    public static final int POOL_SIZE = 10;

    public static final int API_CONNECTIONS = 5;

    /**
     * Visible messages per running task that autoscaling holds the service at: one task
     * applies a few hundred events a second, so this many wait about a second.
     */
    public static final int BACKLOG_PER_TASK = 100;

    /** The service's meters the alarms watch (MemberReplicaProjector). */
    public static final String APPLIED_METER = "member.events.applied";

    public static final String PROPAGATION_METER = "member.events.propagation";

    /** The outcomes member.events.applied is tagged with (ApplyOutcome). */
    public static final List<String> APPLY_OUTCOMES = List.of("applied", "duplicate", "stale");

    /** 99 % of events reach the replica within this long of occurring. */
    public static final Duration PROPAGATION_P99_LIMIT = Duration.seconds(1);

    private final SpringServiceWithDatabase service;

    private final ScalableTaskCount taskCount;

    private final CfnScalingPolicy backlogScaling;

    private final Alarm propagationAlarm;

    private final Alarm stalledConsumerAlarm;

    public ReservationServiceStack(Construct scope, String id, Props props) {
        super(scope, id, props.stackProps());
        IQueue queue = props.queue();
        IQueue deadLetterQueue = props.deadLetterQueue();

        this.service = new SpringServiceWithDatabase(this, "ReservationService", new SpringServiceWithDatabase.Props(
                props.spec(), props.settings(), props.vpc(), props.cluster(), props.repository(), props.issuer(),
                props.alarmTopic(), props.settings().reservationDatabaseInstanceType(), POOL_SIZE,
                // the same keys as messaging.* in the service's application.yml;
                // it resolves the URLs itself (sqs:GetQueueUrl)
                Map.of("MESSAGING_QUEUE_NAME", queue.getQueueName(), "MESSAGING_DEAD_LETTER_QUEUE_NAME",
                        deadLetterQueue.getQueueName(), "DB_API_CONNECTIONS", Integer.toString(API_CONNECTIONS)),
                SpringServiceWithDatabase.TaskCount.scaled(props.scaling().minTasks(), props.scaling().maxTasks())));

        // The listener: receive, delete after applying, extend visibility while working.
        service.taskRole()
            .addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ConsumeMemberEvents")
                .effect(Effect.ALLOW)
                .actions(List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                        "sqs:GetQueueAttributes", "sqs:GetQueueUrl"))
                .resources(List.of(queue.getQueueArn()))
                .build());
        // POST /admin/dlq/redrive puts dead letters back on the source queue.
        service.taskRole()
            .addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("RedriveToSourceQueue")
                .effect(Effect.ALLOW)
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(queue.getQueueArn()))
                .build());
        // GET /admin/dlq peeks (receive, then make visible again); redrive deletes what
        // it moved, or hands the move to SQS (StartMessageMoveTask).
        service.taskRole()
            .addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("AdministerDeadLetterQueue")
                .effect(Effect.ALLOW)
                .actions(List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                        "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:StartMessageMoveTask",
                        "sqs:ListMessageMoveTasks"))
                .resources(List.of(deadLetterQueue.getQueueArn()))
                .build());
        // both queues share one key: decrypt to read, data key to send (redrive)
        service.taskRole()
            .addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("UseQueueKey")
                .effect(Effect.ALLOW)
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of(props.queueKey().getKeyArn()))
                .build());

        this.taskCount = service.service()
            .autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(props.scaling().minTasks())
                .maxCapacity(props.scaling().maxTasks())
                .build());
        this.backlogScaling = scaleOnBacklogPerTask(queue);

        this.propagationAlarm = AlarmActions.notify(Alarm.Builder.create(this, "MemberEventPropagationSlow")
            .alarmDescription("99 % of member events take more than " + PROPAGATION_P99_LIMIT.toSeconds()
                    + " s from member-service to reservation-service (occurredAt to applied): look at the "
                    + "outbox's oldest pending event, then at the queue's backlog")
            .metric(Metric.Builder.create()
                .namespace(service.metricsNamespace())
                .metricName(CloudWatchMeterNames.percentile(PROPAGATION_METER))
                .dimensionsMap(Map.of(CloudWatchMeterNames.PERCENTILE_DIMENSION, "0.99"))
                // the slowest task's p99; Micrometer publishes it in milliseconds
                .statistic("Maximum")
                .period(Duration.minutes(1))
                .build())
            .threshold(PROPAGATION_P99_LIMIT.toMilliseconds())
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(5)
            .datapointsToAlarm(5)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build(), props.alarmTopic());

        this.stalledConsumerAlarm = AlarmActions.notify(Alarm.Builder.create(this, "MemberEventsConsumerStalled")
            .alarmDescription("Messages wait in " + "the queue and reservation-service has applied none of them "
                    + "for 5 minutes: the listener is not running or every message fails")
            .metric(stalledConsumer(queue, props.eventTypes()))
            .threshold(1)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .evaluationPeriods(5)
            .datapointsToAlarm(5)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build(), props.alarmTopic());
    }

    /**
     * Target tracking on visible messages divided by running tasks: a task count that
     * follows how much work each task has, where the raw queue depth would keep adding
     * tasks to a backlog the current ones are already working through.
     */
    private CfnScalingPolicy scaleOnBacklogPerTask(IQueue queue) {
        ScalableTarget target = (ScalableTarget) taskCount.getNode().findChild("Target");
        return CfnScalingPolicy.Builder.create(this, "BacklogPerTaskScaling")
            .policyName("backlog-per-task")
            .policyType("TargetTrackingScaling")
            .scalingTargetId(target.getScalableTargetId())
            .targetTrackingScalingPolicyConfiguration(
                    CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty.builder()
                        .targetValue((double) BACKLOG_PER_TASK)
                        .scaleOutCooldown(60)
                        .scaleInCooldown(300)
                        .customizedMetricSpecification(CfnScalingPolicy.CustomizedMetricSpecificationProperty.builder()
                            .metrics(List.of(
                                    metricQuery("visible", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Sum",
                                            Map.of("QueueName", queue.getQueueName())),
                                    metricQuery("tasks", "ECS/ContainerInsights", "RunningTaskCount", "Average",
                                            Map.of("ClusterName", service.service().getCluster().getClusterName(),
                                                    "ServiceName", service.service().getServiceName())),
                                    CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
                                        .id("backlogPerTask")
                                        .expression("visible / tasks")
                                        .label("Visible messages per running task")
                                        .returnData(true)
                                        .build()))
                            .build())
                        .build())
            .build();
    }

    private static CfnScalingPolicy.TargetTrackingMetricDataQueryProperty metricQuery(String id, String namespace,
            String metricName, String statistic, Map<String, String> dimensions) {
        List<CfnScalingPolicy.TargetTrackingMetricDimensionProperty> dimensionList = new ArrayList<>();
        new java.util.TreeMap<>(dimensions).forEach((name, value) -> dimensionList
            .add(CfnScalingPolicy.TargetTrackingMetricDimensionProperty.builder().name(name).value(value).build()));
        return CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
            .id(id)
            .metricStat(CfnScalingPolicy.TargetTrackingMetricStatProperty.builder()
                .metric(CfnScalingPolicy.TargetTrackingMetricProperty.builder()
                    .namespace(namespace)
                    .metricName(metricName)
                    .dimensions(dimensionList)
                    .build())
                .stat(statistic)
                .build())
            .returnData(false)
            .build();
    }

    /**
     * 1 while messages wait (visible or in flight) and no event was applied, of any type
     * and outcome; 0 otherwise.
     */
    private MathExpression stalledConsumer(IQueue queue, List<String> eventTypes) {
        MetricOptions perMinute = MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build();
        Map<String, IMetric> metrics = new LinkedHashMap<>();
        // one metric for every message not yet deleted, visible or in flight: an alarm
        // holds at most ten, and the applied counts take three per event type
        metrics.put("oldest", queue.metricApproximateAgeOfOldestMessage(perMinute));
        List<String> applied = new ArrayList<>();
        for (String eventType : eventTypes) {
            for (String outcome : APPLY_OUTCOMES) {
                String id = "applied" + applied.size();
                applied.add("FILL(" + id + ", 0)");
                metrics.put(id,
                        Metric.Builder.create()
                            .namespace(service.metricsNamespace())
                            .metricName(CloudWatchMeterNames.counter(APPLIED_METER))
                            .dimensionsMap(Map.of("eventType", eventType, "outcome", outcome))
                            .statistic("Sum")
                            .period(Duration.minutes(1))
                            .build());
            }
        }
        return MathExpression.Builder.create()
            .expression("IF(oldest > 0 AND (" + String.join(" + ", applied) + ") == 0, 1, 0)")
            .usingMetrics(metrics)
            .label("Messages waiting while nothing is applied")
            .period(Duration.minutes(1))
            .build();
    }

    public SpringServiceWithDatabase service() {
        return service;
    }

    public ScalableTaskCount taskCount() {
        return taskCount;
    }

    public CfnScalingPolicy backlogScaling() {
        return backlogScaling;
    }

    public Alarm propagationAlarm() {
        return propagationAlarm;
    }

    public Alarm stalledConsumerAlarm() {
        return stalledConsumerAlarm;
    }

}
