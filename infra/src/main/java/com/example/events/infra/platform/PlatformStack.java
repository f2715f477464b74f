package com.example.events.infra.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.example.events.infra.DeploymentSettings;
import com.example.events.infra.ServiceSpec;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.ResourceServerScope;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.cognito.UserPoolResourceServer;
import software.amazon.awscdk.services.cognito.UserPoolResourceServerOptions;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.BastionHostLinux;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Shared by both teams: the network, the ECS cluster, the image repositories, the topic
 * every alarm notifies, and, unless an issuer is given, the Cognito user pool that issues
 * the services' access tokens. The repositories live here, not in the service stacks, so
 * they exist (and can be pushed to) before a service that pulls from them is deployed.
 */
public final class PlatformStack extends Stack {

    /**
     * Subnet group names; service stacks select subnets by type, these only label them.
     */
    public static final String PUBLIC_SUBNETS = "public";

    public static final String APP_SUBNETS = "app";

    public static final String DATA_SUBNETS = "data";

    public record Props(StackProps stackProps, DeploymentSettings settings, List<ServiceSpec> services) {
        public Props {
            Objects.requireNonNull(stackProps, "stackProps");
            Objects.requireNonNull(settings, "settings");
            services = List.copyOf(services);
        }
    }

    private final Vpc vpc;

    private final Cluster cluster;

    private final Map<String, IRepository> repositories = new LinkedHashMap<>();

    private final Topic alarmTopic;

    private final OAuth2Issuer issuer;

    private final UserPool userPool;

    private final BastionHostLinux portForwardingHost;

    public PlatformStack(Construct scope, String id, Props props) {
        super(scope, id, props.stackProps());
        DeploymentSettings settings = props.settings();

        // public: load balancers only; app: tasks, out through one NAT gateway to ECR,
        // SNS, SQS, Secrets Manager, CloudWatch and the token issuer; data: databases,
        // no route to or from the internet.
        this.vpc = Vpc.Builder.create(this, "Vpc")
            .maxAzs(2)
            .natGateways(1)
            .subnetConfiguration(List.of(
                    SubnetConfiguration.builder()
                        .name(PUBLIC_SUBNETS)
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(24)
                        .build(),
                    SubnetConfiguration.builder()
                        .name(APP_SUBNETS)
                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                        .cidrMask(22)
                        .build(),
                    SubnetConfiguration.builder()
                        .name(DATA_SUBNETS)
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .cidrMask(24)
                        .build()))
            .build();

        this.cluster = Cluster.Builder.create(this, "Cluster")
            .vpc(vpc)
            .containerInsightsV2(ContainerInsights.ENABLED)
            .build();

        for (ServiceSpec service : props.services()) {
            Repository repository = Repository.Builder.create(this, service.name() + "-repository")
                .repositoryName(settings.qualify(service.name()))
                .imageScanOnPush(true)
                // a tag names one image for good: ECS would not notice a new image behind
                // a reused tag, and a rollback must get the image it had
                .imageTagMutability(TagMutability.IMMUTABLE)
                .lifecycleRules(List
                    .of(LifecycleRule.builder().description("keep the last 20 images").maxImageCount(20).build()))
                // `cdk destroy` tears everything down, images included
                .removalPolicy(RemovalPolicy.DESTROY)
                .emptyOnDelete(true)
                .build();
            repositories.put(service.name(), repository);
        }

        // Every alarm of every stack notifies this topic. Not encrypted with a key of our
        // own: CloudWatch could not publish to it without a key policy for
        // cloudwatch.amazonaws.com, and an alarm's text holds nothing confidential.
        this.alarmTopic = Topic.Builder.create(this, "Alarms")
            .displayName("member-reservation-events " + settings.environment() + " alarms")
            .enforceSsl(true)
            .build();
        settings.alarmEmail().ifPresent(email -> alarmTopic.addSubscription(new EmailSubscription(email)));

        if (settings.oauthIssuer().isPresent()) {
            this.userPool = null;
            this.issuer = new OAuth2Issuer(settings.oauthIssuer().get());
        }
        else {
            this.userPool = UserPool.Builder.create(this, "UserPool")
                .userPoolName(settings.qualify("member-reservation-events"))
                // machine clients only: nobody signs up or signs in with a password
                .selfSignUpEnabled(false)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
            this.issuer = new OAuth2Issuer("https://" + userPool.getUserPoolProviderUrl());
            issueTokens(settings, props.services());
        }

        // Without a certificate the load balancers are internal: an SSM session through
        // this host forwards a local port to one of them. No SSH, no inbound rule.
        this.portForwardingHost = settings.internetFacing() ? null
                : BastionHostLinux.Builder.create(this, "PortForwardingHost")
                    .vpc(vpc)
                    .subnetSelection(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                    .instanceType(InstanceType.of(InstanceClass.BURSTABLE4_GRAVITON, InstanceSize.NANO))
                    .machineImage(MachineImage.latestAmazonLinux2023(
                            AmazonLinux2023ImageSsmParameterProps.builder().cpuType(AmazonLinuxCpuType.ARM_64).build()))
                    .requireImdsv2(true)
                    .blockDevices(List.of(BlockDevice.builder()
                        .deviceName("/dev/xvda")
                        .volume(BlockDeviceVolume.ebs(8, EbsDeviceOptions.builder().encrypted(true).build()))
                        .build()))
                    .build();
        if (portForwardingHost != null) {
            CfnOutput.Builder.create(this, "PortForwardingHostId")
                .description("aws ssm start-session --target <this> --document-name "
                        + "AWS-StartPortForwardingSessionToRemoteHost (see infra/README.md)")
                .value(portForwardingHost.getInstanceId())
                .build();
        }
    }

    /**
     * One resource server per service with an api and an admin scope, and two machine
     * clients (client credentials): one that may call both APIs, one that may also use
     * the admin endpoints.
     */
    private void issueTokens(DeploymentSettings settings, List<ServiceSpec> services) {
        List<OAuthScope> apiScopes = new java.util.ArrayList<>();
        List<OAuthScope> adminScopes = new java.util.ArrayList<>();
        for (ServiceSpec service : services) {
            ResourceServerScope api = ResourceServerScope.Builder.create()
                .scopeName("api")
                .scopeDescription("Call the " + service.name() + " API")
                .build();
            ResourceServerScope admin = ResourceServerScope.Builder.create()
                .scopeName("admin")
                .scopeDescription("Use the " + service.name() + " admin endpoints")
                .build();
            UserPoolResourceServer server = userPool.addResourceServer(service.name() + "-resource-server",
                    UserPoolResourceServerOptions.builder()
                        .identifier(service.name())
                        .scopes(List.of(api, admin))
                        .build());
            apiScopes.add(OAuthScope.resourceServer(server, api));
            adminScopes.add(OAuthScope.resourceServer(server, api));
            adminScopes.add(OAuthScope.resourceServer(server, admin));
        }
        // the prefix is global to the region: the account and environment keep it unique
        UserPoolDomain domain = userPool.addDomain("TokenDomain",
                UserPoolDomainOptions.builder()
                    .cognitoDomain(CognitoDomainOptions.builder()
                        .domainPrefix("member-reservation-" + settings.environment() + "-" + getAccount())
                        .build())
                    .build());
        UserPoolClient apiClient = machineClient("ApiClient", apiScopes);
        UserPoolClient adminClient = machineClient("AdminClient", adminScopes);

        CfnOutput.Builder.create(this, "TokenUrl")
            .description("POST grant_type=client_credentials here, with a client's id and secret")
            .value(domain.baseUrl() + "/oauth2/token")
            .build();
        CfnOutput.Builder.create(this, "UserPoolId").value(userPool.getUserPoolId()).build();
        CfnOutput.Builder.create(this, "ApiClientId")
            .description("Client credentials for both services' APIs (scopes */api)")
            .value(apiClient.getUserPoolClientId())
            .build();
        CfnOutput.Builder.create(this, "AdminClientId")
            .description("Client credentials for the APIs and the admin endpoints (scopes */api, */admin)")
            .value(adminClient.getUserPoolClientId())
            .build();
    }

    private UserPoolClient machineClient(String id, List<OAuthScope> scopes) {
        return userPool.addClient(id,
                UserPoolClientOptions.builder()
                    .generateSecret(true)
                    .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().clientCredentials(true).build())
                        .scopes(scopes)
                        .build())
                    .accessTokenValidity(Duration.hours(1))
                    .build());
    }

    public IVpc vpc() {
        return vpc;
    }

    public ICluster cluster() {
        return cluster;
    }

    public IRepository repository(String name) {
        IRepository repository = repositories.get(name);
        if (repository == null) {
            throw new IllegalArgumentException("no image repository " + name + " in " + repositories.keySet());
        }
        return repository;
    }

    /** The topic every alarm notifies when it goes off and when it clears. */
    public ITopic alarmTopic() {
        return alarmTopic;
    }

    /** Who issues the tokens the services accept. */
    public OAuth2Issuer issuer() {
        return issuer;
    }

    /** Empty when an existing issuer was given. */
    public Optional<UserPool> userPool() {
        return Optional.ofNullable(userPool);
    }

    /** Empty when the load balancers are internet-facing. */
    public Optional<BastionHostLinux> portForwardingHost() {
        return Optional.ofNullable(portForwardingHost);
    }

}
