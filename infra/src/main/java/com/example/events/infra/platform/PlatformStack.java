package com.example.events.infra.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.ICluster;
import software.constructs.Construct;

/**
 * Shared by both teams: the network, the ECS cluster and the image repositories. The
 * repositories live here, not in the service stacks, so they exist (and can be pushed to)
 * before a service that pulls from them is deployed.
 */
public final class PlatformStack extends Stack {

    /**
     * Subnet group names; service stacks select subnets by type, these only label them.
     */
    public static final String PUBLIC_SUBNETS = "public";

    public static final String APP_SUBNETS = "app";

    public static final String DATA_SUBNETS = "data";

    public record Props(StackProps stackProps, List<String> imageRepositories) {
        public Props {
            Objects.requireNonNull(stackProps, "stackProps");
            imageRepositories = List.copyOf(imageRepositories);
        }
    }

    private final Vpc vpc;

    private final Cluster cluster;

    private final Map<String, IRepository> repositories = new LinkedHashMap<>();

    public PlatformStack(Construct scope, String id, Props props) {
        super(scope, id, props.stackProps());

        // public: load balancers only; app: tasks, out through one NAT gateway to ECR,
        // SNS, SQS,
        // Secrets Manager and CloudWatch; data: databases, no route to or from the
        // internet.
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

        for (String name : props.imageRepositories()) {
            Repository repository = Repository.Builder.create(this, name + "-repository")
                .repositoryName(name)
                .imageScanOnPush(true)
                // the default deploy tag is "latest", which is pushed again and again
                .imageTagMutability(TagMutability.MUTABLE)
                .lifecycleRules(List
                    .of(LifecycleRule.builder().description("keep the last 20 images").maxImageCount(20).build()))
                // `cdk destroy` tears everything down, images included
                .removalPolicy(RemovalPolicy.DESTROY)
                .emptyOnDelete(true)
                .build();
            repositories.put(name, repository);
        }
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

}
