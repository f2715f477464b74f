package com.example.events.infra.platform;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.example.events.infra.ServiceSpec;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedTaskImageOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.StorageType;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The paved road for one Spring Boot service: a Fargate service behind a public ALB, its
 * own PostgreSQL 17 instance in the isolated subnets, credentials from Secrets Manager,
 * logs in CloudWatch. The task role starts empty; the owning stack grants exactly what
 * the service does.
 */
public final class SpringServiceWithDatabase extends Construct {

    public static final String LIVENESS_PATH = "/actuator/health/liveness";

    public static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;

    /**
     * @param environment service-specific variables, added to the common ones
     * @param desiredCount null leaves the count to autoscaling (nothing resets it on
     * deploy)
     */
    public record Props(ServiceSpec spec, IVpc vpc, ICluster cluster, IRepository repository, String imageTag,
            Map<String, String> environment, Integer desiredCount) {

        public Props {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(vpc, "vpc");
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(imageTag, "imageTag");
            // sorted: Map.of iterates in a different order in every JVM, and a reordered
            // environment would be a new task definition revision on every deploy
            environment = Collections.unmodifiableSortedMap(new TreeMap<>(environment));
        }
    }

    private final DatabaseInstance database;

    private final Secret adminSecret;

    private final LogGroup logGroup;

    private final Role taskRole;

    private final ApplicationLoadBalancedFargateService loadBalanced;

    public SpringServiceWithDatabase(Construct scope, String id, Props props) {
        super(scope, id);
        ServiceSpec spec = props.spec();

        ISecurityGroup databaseSecurityGroup = SecurityGroup.Builder.create(this, "DatabaseSecurityGroup")
            .vpc(props.vpc())
            .description(spec.name() + " database: PostgreSQL from the service only")
            // a database never opens connections itself
            .allowAllOutbound(false)
            .build();

        this.database = DatabaseInstance.Builder.create(this, "Database")
            .engine(DatabaseInstanceEngine
                .postgres(PostgresInstanceEngineProps.builder().version(PostgresEngineVersion.VER_17).build()))
            .instanceType(InstanceType.of(InstanceClass.BURSTABLE4_GRAVITON, InstanceSize.MICRO))
            .vpc(props.vpc())
            .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
            .securityGroups(List.of(databaseSecurityGroup))
            .publiclyAccessible(false)
            .databaseName(spec.databaseName())
            // generated password, kept in a Secrets Manager secret the task reads at
            // start
            .credentials(Credentials.fromGeneratedSecret(spec.databaseUser()))
            .storageEncrypted(true)
            .storageType(StorageType.GP3)
            .allocatedStorage(20)
            .maxAllocatedStorage(100)
            .backupRetention(Duration.days(7))
            .autoMinorVersionUpgrade(true)
            // `cdk destroy` removes the instance but keeps a final snapshot of the data
            .deletionProtection(false)
            .removalPolicy(RemovalPolicy.SNAPSHOT)
            .build();

        this.adminSecret = Secret.Builder.create(this, "AdminCredentials")
            .description("HTTP Basic credentials for the " + spec.name() + " admin endpoints")
            .generateSecretString(SecretStringGenerator.builder()
                .secretStringTemplate("{\"username\":\"admin\"}")
                .generateStringKey("password")
                .excludePunctuation(true)
                .passwordLength(32)
                .build())
            .build();

        this.logGroup = LogGroup.Builder.create(this, "Logs")
            .retention(LOG_RETENTION)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();

        // created here rather than by the pattern so that its only permissions are the
        // ones the
        // owning stack adds
        this.taskRole = Role.Builder.create(this, "TaskRole")
            .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
            .description("Runtime permissions of " + spec.name())
            .build();

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SPRING_PROFILES_ACTIVE", "aws");
        environment.put("SERVER_PORT", Integer.toString(spec.port()));
        environment.put("AWS_REGION", Stack.of(this).getRegion());
        environment.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://" + database.getDbInstanceEndpointAddress() + ":"
                + database.getDbInstanceEndpointPort() + "/" + spec.databaseName());
        environment.putAll(props.environment());

        ISecret databaseSecret = Objects.requireNonNull(database.getSecret(), "generated database secret");
        Map<String, software.amazon.awscdk.services.ecs.Secret> secrets = new LinkedHashMap<>();
        secrets.put("SPRING_DATASOURCE_USERNAME",
                software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(databaseSecret, "username"));
        secrets.put("SPRING_DATASOURCE_PASSWORD",
                software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(databaseSecret, "password"));
        secrets.put("ADMIN_USERNAME",
                software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(adminSecret, "username"));
        secrets.put("ADMIN_PASSWORD",
                software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(adminSecret, "password"));

        this.loadBalanced = ApplicationLoadBalancedFargateService.Builder.create(this, "Service")
            .cluster(props.cluster())
            .cpu(512)
            .memoryLimitMiB(1024)
            .runtimePlatform(RuntimePlatform.builder()
                .cpuArchitecture(CpuArchitecture.X86_64)
                .operatingSystemFamily(OperatingSystemFamily.LINUX)
                .build())
            .desiredCount(props.desiredCount())
            .taskImageOptions(ApplicationLoadBalancedTaskImageOptions.builder()
                .containerName(spec.name())
                .image(ContainerImage.fromEcrRepository(props.repository(), props.imageTag()))
                .containerPort(spec.port())
                .environment(environment)
                .secrets(secrets)
                .taskRole(taskRole)
                .logDriver(LogDriver
                    .awsLogs(AwsLogDriverProps.builder().logGroup(logGroup).streamPrefix(spec.name()).build()))
                .build())
            .publicLoadBalancer(true)
            .taskSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
            .assignPublicIp(false)
            .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
            .minHealthyPercent(100)
            .maxHealthyPercent(200)
            // Boot plus Flyway migrations on a cold JVM; the ALB must not kill the task
            // meanwhile
            .healthCheckGracePeriod(Duration.seconds(120))
            .build();

        // Liveness, not readiness: readiness includes the database and the broker, and
        // ECS replaces every task the
        // ALB finds unhealthy, so an SNS/SQS outage would restart all tasks in a loop
        // while their REST API (which
        // needs neither SNS nor SQS) could keep answering. Readiness stays for probes and
        // dashboards.
        loadBalanced.getTargetGroup()
            .configureHealthCheck(HealthCheck.builder()
                .path(LIVENESS_PATH)
                .healthyHttpCodes("200")
                .interval(Duration.seconds(15))
                .timeout(Duration.seconds(5))
                .healthyThresholdCount(2)
                .unhealthyThresholdCount(3)
                .build());
        loadBalanced.getTargetGroup().setAttribute("deregistration_delay.timeout_seconds", "30");

        database.getConnections()
            .allowDefaultPortFrom(loadBalanced.getService(), spec.name() + " tasks to their database");

        // where to read the admin password after a deploy (the value itself is never an
        // output)
        CfnOutput.Builder.create(this, "AdminCredentialsSecretArn")
            .description("Secrets Manager secret with the " + spec.name() + " admin username and password")
            .value(adminSecret.getSecretArn())
            .build();
    }

    public DatabaseInstance database() {
        return database;
    }

    public ISecret adminSecret() {
        return adminSecret;
    }

    public LogGroup logGroup() {
        return logGroup;
    }

    /** The role the application code runs as; grants go here. */
    public IRole taskRole() {
        return taskRole;
    }

    public FargateService service() {
        return loadBalanced.getService();
    }

    public ApplicationLoadBalancedFargateService loadBalanced() {
        return loadBalanced;
    }

}
