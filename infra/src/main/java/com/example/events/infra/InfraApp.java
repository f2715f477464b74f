package com.example.events.infra;

import java.util.List;
import java.util.Map;

import com.example.events.infra.member.MemberMessagingStack;
import com.example.events.infra.member.MemberServiceStack;
import com.example.events.infra.platform.PlatformStack;
import com.example.events.infra.reservation.ReservationMessagingStack;
import com.example.events.infra.reservation.ReservationServiceStack;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app: `cdk synth|deploy|destroy` run this (see cdk.json). Stacks are wired here
 * and only here; the tests build the very same graph through {@link #compose}.
 */
public final class InfraApp {

    public static final String PLATFORM_STACK = "EventsPlatform";

    public static final String MEMBER_MESSAGING_STACK = "MemberMessaging";

    public static final String RESERVATION_MESSAGING_STACK = "ReservationMessaging";

    public static final String MEMBER_SERVICE_STACK = "MemberService";

    public static final String RESERVATION_SERVICE_STACK = "ReservationService";

    /** `cdk deploy -c imageTag=...`: which image tag both services run. */
    public static final String IMAGE_TAG_CONTEXT = "imageTag";

    public static final String DEFAULT_IMAGE_TAG = "latest";

    /**
     * Feature flags this app relies on, fixed here (not in cdk.json) so tests and `cdk
     * synth` produce the same templates and a CLI -c cannot switch them off.
     */
    static final Map<String, Object> FEATURE_FLAGS = Map.of(
            // SNS may use the queue key only on behalf of this topic (aws:SourceArn in
            // the key policy)
            "@aws-cdk/aws-sns-subscriptions:restrictSqsDescryption", true,
            // the default security group of the VPC allows nothing
            "@aws-cdk/aws-ec2:restrictDefaultSecurityGroup", true,
            // stacks pass ARNs and names through CloudFormation exports: a producer (the
            // member
            // topic, the platform VPC) cannot be deleted while a consumer still uses it
            "@aws-cdk/core:defaultCrossStackReferences", "strong");

    public record Stacks(PlatformStack platform, MemberMessagingStack memberMessaging,
            ReservationMessagingStack reservationMessaging, MemberServiceStack memberService,
            ReservationServiceStack reservationService) {

        public List<Stack> all() {
            return List.of(platform, memberMessaging, reservationMessaging, memberService, reservationService);
        }
    }

    private InfraApp() {
    }

    public static void main(String[] args) {
        App app = newApp(Map.of());
        // the CLI sets these from the current credentials; without them the stacks are
        // environment-agnostic
        Environment env = Environment.builder()
            .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
            .region(System.getenv("CDK_DEFAULT_REGION"))
            .build();
        compose(app, env);
        app.synth();
    }

    /**
     * An App with this project's feature flags; {@code context} is what `-c` would pass.
     */
    public static App newApp(Map<String, Object> context) {
        return new App(AppProps.builder().context(context).postCliContext(FEATURE_FLAGS).build());
    }

    public static Stacks compose(App app, Environment env) {
        String imageTag = imageTag(app);
        Topology topology = Topology.MEMBER_EVENTS;

        PlatformStack platform = new PlatformStack(app, PLATFORM_STACK,
                new PlatformStack.Props(
                        stackProps(env, "Network, ECS cluster and image repositories shared by both services"),
                        List.of(ServiceSpec.MEMBER.name(), ServiceSpec.RESERVATION.name())));

        MemberMessagingStack memberMessaging = new MemberMessagingStack(app, MEMBER_MESSAGING_STACK,
                new MemberMessagingStack.Props(stackProps(env, "Member team: the " + topology.topicName() + " topic"),
                        topology));

        ReservationMessagingStack reservationMessaging = new ReservationMessagingStack(app, RESERVATION_MESSAGING_STACK,
                new ReservationMessagingStack.Props(
                        stackProps(env,
                                "Reservation team: queue, dead-letter queue and subscription to "
                                        + topology.topicName()),
                        topology, memberMessaging.topic(), Duration.minutes(5)));

        MemberServiceStack memberService = new MemberServiceStack(app, MEMBER_SERVICE_STACK,
                new MemberServiceStack.Props(
                        stackProps(env, "Member team: member-service on Fargate with its database"), ServiceSpec.MEMBER,
                        platform.vpc(), platform.cluster(), platform.repository(ServiceSpec.MEMBER.name()), imageTag,
                        memberMessaging.topic(), memberMessaging.topicKey()));

        ReservationServiceStack reservationService = new ReservationServiceStack(app, RESERVATION_SERVICE_STACK,
                new ReservationServiceStack.Props(
                        stackProps(env, "Reservation team: reservation-service on Fargate with its database"),
                        ServiceSpec.RESERVATION, platform.vpc(), platform.cluster(),
                        platform.repository(ServiceSpec.RESERVATION.name()), imageTag, reservationMessaging.queue(),
                        reservationMessaging.deadLetterQueue(), reservationMessaging.queueKey(),
                        new ReservationServiceStack.Scaling(1, 4)));

        Tags.of(app).add("project", "member-reservation-events");
        Tags.of(platform).add("team", "platform");
        Tags.of(memberMessaging).add("team", "member");
        Tags.of(memberService).add("team", "member");
        Tags.of(reservationMessaging).add("team", "reservation");
        Tags.of(reservationService).add("team", "reservation");

        return new Stacks(platform, memberMessaging, reservationMessaging, memberService, reservationService);
    }

    /** The image tag to deploy: `-c imageTag=...`, else {@value #DEFAULT_IMAGE_TAG}. */
    static String imageTag(App app) {
        Object tag = app.getNode().tryGetContext(IMAGE_TAG_CONTEXT);
        return tag == null || tag.toString().isBlank() ? DEFAULT_IMAGE_TAG : tag.toString();
    }

    private static StackProps stackProps(Environment env, String description) {
        return StackProps.builder().env(env).description(description).build();
    }

}
