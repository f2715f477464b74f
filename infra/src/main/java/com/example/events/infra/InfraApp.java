package com.example.events.infra;

import java.util.List;
import java.util.Map;

import com.example.events.infra.member.MemberMessagingStack;
import com.example.events.infra.member.MemberServiceStack;
import com.example.events.infra.platform.PlatformStack;
import com.example.events.infra.platform.SpringServiceWithDatabase;
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

    /** The deployment {@code -c} describes (see DeploymentSettings). */
    public static Stacks compose(App app, Environment env) {
        return compose(app, env, DeploymentSettings.from(app));
    }

    /**
     * The stacks of one deployment. Several deployments (environments) fit in one app and
     * one account: every fixed name carries the environment's.
     */
    public static Stacks compose(App app, Environment env, DeploymentSettings settings) {
        Topology topology = Topology.MEMBER_EVENTS.qualified(settings);
        List<ServiceSpec> services = List.of(ServiceSpec.MEMBER, ServiceSpec.RESERVATION);

        PlatformStack platform = new PlatformStack(app, settings.qualify(PLATFORM_STACK),
                new PlatformStack.Props(stackProps(env,
                        "Network, ECS cluster, image repositories, alarm topic and token issuer shared by both services"),
                        settings, services));

        MemberMessagingStack memberMessaging = new MemberMessagingStack(app, settings.qualify(MEMBER_MESSAGING_STACK),
                new MemberMessagingStack.Props(stackProps(env, "Member team: the " + topology.topicName() + " topic"),
                        topology));

        ReservationMessagingStack reservationMessaging = new ReservationMessagingStack(app,
                settings.qualify(RESERVATION_MESSAGING_STACK),
                new ReservationMessagingStack.Props(
                        stackProps(env,
                                "Reservation team: queue, dead-letter queues and subscription to "
                                        + topology.topicName()),
                        topology, memberMessaging.topic(), Duration.minutes(5), platform.alarmTopic(),
                        SpringServiceWithDatabase.taskRoleName(ServiceSpec.RESERVATION, settings)));

        MemberServiceStack memberService = new MemberServiceStack(app, settings.qualify(MEMBER_SERVICE_STACK),
                new MemberServiceStack.Props(
                        stackProps(env, "Member team: member-service on Fargate with its database"), ServiceSpec.MEMBER,
                        settings, platform.vpc(), platform.cluster(), platform.repository(ServiceSpec.MEMBER.name()),
                        platform.issuer(), platform.alarmTopic(), memberMessaging.topic(), memberMessaging.topicKey()));

        ReservationServiceStack reservationService = new ReservationServiceStack(app,
                settings.qualify(RESERVATION_SERVICE_STACK),
                new ReservationServiceStack.Props(
                        stackProps(env, "Reservation team: reservation-service on Fargate with its database"),
                        ServiceSpec.RESERVATION, settings, platform.vpc(), platform.cluster(),
                        platform.repository(ServiceSpec.RESERVATION.name()), platform.issuer(), platform.alarmTopic(),
                        reservationMessaging.queue(), reservationMessaging.deadLetterQueue(),
                        reservationMessaging.queueKey(), topology.eventTypes(),
                        new ReservationServiceStack.Scaling(1, 4)));

        Stacks stacks = new Stacks(platform, memberMessaging, reservationMessaging, memberService, reservationService);
        for (Stack stack : stacks.all()) {
            Tags.of(stack).add("project", "member-reservation-events");
            Tags.of(stack).add("environment", settings.environment());
        }
        Tags.of(platform).add("team", "platform");
        Tags.of(memberMessaging).add("team", "member");
        Tags.of(memberService).add("team", "member");
        Tags.of(reservationMessaging).add("team", "reservation");
        Tags.of(reservationService).add("team", "reservation");
        return stacks;
    }

    private static StackProps stackProps(Environment env, String description) {
        return StackProps.builder().env(env).description(description).build();
    }

}
