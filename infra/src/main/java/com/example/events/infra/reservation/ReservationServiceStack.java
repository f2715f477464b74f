package com.example.events.infra.reservation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.example.events.infra.ServiceSpec;
import com.example.events.infra.platform.SpringServiceWithDatabase;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.applicationautoscaling.AdjustmentType;
import software.amazon.awscdk.services.applicationautoscaling.BasicStepScalingPolicyProps;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.applicationautoscaling.ScalingInterval;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Owned by the reservation team: reservation-service, its database, its rights on its own
 * queues, and scaling on the queue's backlog.
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

    public record Props(StackProps stackProps, ServiceSpec spec, IVpc vpc, ICluster cluster, IRepository repository,
            String imageTag, IQueue queue, IQueue deadLetterQueue, IKey queueKey, Scaling scaling) {

        public Props {
            Objects.requireNonNull(stackProps, "stackProps");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(deadLetterQueue, "deadLetterQueue");
            Objects.requireNonNull(queueKey, "queueKey");
            Objects.requireNonNull(scaling, "scaling");
        }
    }

    /** Visible messages at which one more task is added, and at which two more are. */
    public static final int SCALE_OUT_BACKLOG = 100;

    public static final int SCALE_OUT_FAST_BACKLOG = 500;

    private final SpringServiceWithDatabase service;

    private final ScalableTaskCount taskCount;

    public ReservationServiceStack(Construct scope, String id, Props props) {
        super(scope, id, props.stackProps());
        IQueue queue = props.queue();
        IQueue deadLetterQueue = props.deadLetterQueue();

        this.service = new SpringServiceWithDatabase(this, "ReservationService",
                new SpringServiceWithDatabase.Props(props.spec(), props.vpc(), props.cluster(), props.repository(),
                        props.imageTag(),
                        // the same keys as messaging.* in the service's application.yml;
                        // it resolves the
                        // URLs itself (sqs:GetQueueUrl)
                        Map.of("MESSAGING_QUEUE_NAME", queue.getQueueName(), "MESSAGING_DEAD_LETTER_QUEUE_NAME",
                                deadLetterQueue.getQueueName()),
                        // autoscaling owns the count; a deploy must not reset it
                        null));

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
        // it moved,
        // or hands the move to SQS (StartMessageMoveTask).
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

        // Scale on the backlog: more tasks while messages pile up, back down once it is
        // drained.
        this.taskCount = service.service()
            .autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(props.scaling().minTasks())
                .maxCapacity(props.scaling().maxTasks())
                .build());
        taskCount.scaleOnMetric("QueueBacklog",
                BasicStepScalingPolicyProps.builder()
                    .metric(queue.metricApproximateNumberOfMessagesVisible(
                            MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build()))
                    .adjustmentType(AdjustmentType.CHANGE_IN_CAPACITY)
                    .scalingSteps(List.of(ScalingInterval.builder().upper(0).change(-1).build(),
                            ScalingInterval.builder().lower(SCALE_OUT_BACKLOG).change(1).build(),
                            ScalingInterval.builder().lower(SCALE_OUT_FAST_BACKLOG).change(2).build()))
                    .cooldown(Duration.minutes(2))
                    .build());
    }

    public SpringServiceWithDatabase service() {
        return service;
    }

    public ScalableTaskCount taskCount() {
        return taskCount;
    }

}
