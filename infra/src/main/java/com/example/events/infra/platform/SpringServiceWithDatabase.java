package com.example.events.infra.platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.example.events.infra.DeploymentSettings;
import com.example.events.infra.ServiceSpec;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerDependency;
import software.amazon.awscdk.services.ecs.ContainerDependencyCondition;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListenerRule;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.FixedResponseOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.rds.StorageType;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.LoadBalancerTarget;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The paved road for one Spring Boot service on AWS: Fargate tasks behind a load balancer
 * (internal, or internet-facing behind HTTPS with the admin and management paths closed),
 * its own PostgreSQL 17 instance in the isolated subnets, which the service reaches over
 * verified TLS as a runtime role with an IAM token, the OpenTelemetry collector beside it
 * for traces, its metrics pushed to CloudWatch. The task role holds only what every
 * service needs; the owning stack grants what its service does.
 *
 * <p>
 * Flyway migrates as the owner (whose secret rotates) in a task of its own, the migration
 * task: the same image run with {@code migrate}, the only task definition that receives
 * the owner's secret. Every deploy that changes it runs it once (the custom resource
 * {@code Migration}) and waits for it to exit 0 before the service is updated; a failed
 * migration fails the deploy, which CloudFormation rolls back.
 */
public final class SpringServiceWithDatabase extends Construct {

    public static final String LIVENESS_PATH = "/actuator/health/liveness";

    public static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;

    /**
     * The RDS CA bundle in both images (the root Dockerfile), against which the JDBC
     * driver verifies the database's certificate.
     */
    public static final String RDS_CA_BUNDLE = "/opt/rds/global-bundle.pem";

    /**
     * How long ECS waits after SIGTERM before it kills the service's container, Fargate's
     * maximum: the graceful shutdown's phases (requests in flight; the relay's round or
     * the listener's messages and their deletes), each bounded by the profile aws's
     * spring.lifecycle.timeout-per-shutdown-phase (30 s), fit in it with room to spare.
     * ECS sends SIGTERM only after the load balancer has drained the task.
     */
    public static final Duration STOP_TIMEOUT = Duration.seconds(120);

    /** The collector flushes the spans it holds; it stops after the service. */
    public static final Duration COLLECTOR_STOP_TIMEOUT = Duration.seconds(15);

    /** During a deployment ECS starts the new tasks before it stops the old ones. */
    public static final int MAX_HEALTHY_PERCENT = 200;

    /**
     * The argument that makes the image migrate and exit (the platform starter's
     * MigrateCommand).
     */
    public static final String MIGRATE_COMMAND = "migrate";

    /**
     * How long a deploy waits for the migration task to stop: the handler's Lambda runs
     * 15 minutes at most, and the task's start on Fargate takes about one of them.
     */
    public static final Duration MIGRATION_TIMEOUT = Duration.minutes(13);

    /** Connection secret rotation: how often the owner's password changes. */
    public static final Duration ROTATION_INTERVAL = Duration.days(30);

    /**
     * Paths an internet-facing listener never routes, except from adminCidrs: the health
     * probes included. The load balancer's own health checks reach the tasks directly,
     * not through the listener; a flood of probes from outside would take connections the
     * API needs.
     */
    public static final List<String> CLOSED_PATHS = List.of("/admin*", "/actuator*");

    /** A listener rule takes five condition values at most: two paths and three CIDRs. */
    static final int CIDRS_PER_RULE = 3;

    /**
     * How many tasks run: a fixed number, or a range autoscaling moves in.
     */
    public record TaskCount(int min, int max, boolean autoscaled) {

        public TaskCount {
            if (min < 1 || max < min) {
                throw new IllegalArgumentException("need 1 <= min <= max tasks, got " + min + ".." + max);
            }
        }

        public static TaskCount fixed(int count) {
            return new TaskCount(count, count, false);
        }

        public static TaskCount scaled(int min, int max) {
            return new TaskCount(min, max, true);
        }

    }

    /**
     * @param environment service-specific variables, added to the common ones
     * @param databaseInstanceType e.g. t4g.micro; must hold every task's pool during a
     * deployment (DatabaseConnectionBudget)
     * @param poolSize the service's connection pool (DB_POOL_SIZE)
     */
    public record Props(ServiceSpec spec, DeploymentSettings settings, IVpc vpc, ICluster cluster,
            IRepository repository, OAuth2Issuer issuer, ITopic alarmTopic, String databaseInstanceType, int poolSize,
            Map<String, String> environment, TaskCount taskCount) {

        public Props {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(vpc, "vpc");
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(alarmTopic, "alarmTopic");
            Objects.requireNonNull(databaseInstanceType, "databaseInstanceType");
            Objects.requireNonNull(taskCount, "taskCount");
            // sorted: Map.of iterates in a different order in every JVM, and a reordered
            // environment would be a new task definition revision on every deploy
            environment = Collections.unmodifiableSortedMap(new TreeMap<>(environment));
        }
    }

    private final DatabaseInstance database;

    private final LogGroup logGroup;

    private final Role taskRole;

    private final ContainerDefinition container;

    private final ContainerDefinition collector;

    private final FargateTaskDefinition migrationTaskDefinition;

    private final ContainerDefinition migrationContainer;

    private final SecurityGroup migrationSecurityGroup;

    private final CustomResource migration;

    private final ApplicationLoadBalancedFargateService loadBalanced;

    private final String metricsNamespace;

    public SpringServiceWithDatabase(Construct scope, String id, Props props) {
        super(scope, id);
        ServiceSpec spec = props.spec();
        DeploymentSettings settings = props.settings();
        DatabaseConnectionBudget.check(spec.name(), props.databaseInstanceType(), props.taskCount().max(),
                MAX_HEALTHY_PERCENT, props.poolSize());
        this.metricsNamespace = settings.metricsNamespace(spec);

        this.database = database(spec, props);
        this.logGroup = LogGroup.Builder.create(this, "Logs")
            .retention(LOG_RETENTION)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();

        // created here rather than by the pattern so that its only permissions are the
        // ones granted below and by the owning stack
        this.taskRole = Role.Builder.create(this, "TaskRole")
            // named, so that a resource policy in a stack deployed before this one can
            // name it without a reference back (the queue policy's redrive exemption)
            .roleName(taskRoleName(spec, props.settings()))
            .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
            .description("Runtime permissions of " + spec.name())
            .build();
        // IAM database authentication as the runtime role, and nothing else in RDS
        database.grantConnect(taskRole, spec.runtimeRole());
        taskRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
            .sid("PublishOwnMetrics")
            .effect(Effect.ALLOW)
            .actions(List.of("cloudwatch:PutMetricData"))
            // PutMetricData has no resource; the namespace condition is what scopes it
            .resources(List.of("*"))
            .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", metricsNamespace)))
            .build());
        taskRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
            .sid("SendTraces")
            .effect(Effect.ALLOW)
            .actions(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"))
            // X-Ray has no resource-level permissions for these
            .resources(List.of("*"))
            .build());

        FargateTaskDefinition taskDefinition = FargateTaskDefinition.Builder.create(this, "TaskDefinition")
            .cpu(512)
            .memoryLimitMiB(1024)
            .runtimePlatform(RuntimePlatform.builder()
                .cpuArchitecture(CpuArchitecture.X86_64)
                .operatingSystemFamily(OperatingSystemFamily.LINUX)
                .build())
            .taskRole(taskRole)
            .build();
        this.container = taskDefinition.addContainer(spec.name(), ContainerDefinitionOptions.builder()
            .containerName(spec.name())
            .image(ContainerImage.fromEcrRepository(props.repository(), settings.imageTag()))
            .portMappings(List.of(PortMapping.builder().containerPort(spec.port()).build()))
            .environment(environment(spec, props))
            .logging(
                    LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logGroup).streamPrefix(spec.name()).build()))
            .stopTimeout(STOP_TIMEOUT)
            .essential(true)
            .build());
        // not essential: without it spans are lost, the service keeps answering
        this.collector = taskDefinition.addContainer(TelemetryCollector.CONTAINER_NAME,
                ContainerDefinitionOptions.builder()
                    .containerName(TelemetryCollector.CONTAINER_NAME)
                    .image(ContainerImage.fromRegistry(TelemetryCollector.IMAGE))
                    .environment(Map.of(TelemetryCollector.CONFIG_VARIABLE, TelemetryCollector.configuration()))
                    .memoryReservationMiB(64)
                    .memoryLimitMiB(256)
                    .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(logGroup)
                        .streamPrefix(TelemetryCollector.CONTAINER_NAME)
                        .build()))
                    .stopTimeout(COLLECTOR_STOP_TIMEOUT)
                    .essential(false)
                    .build());
        // started first, stopped last: ECS stops containers in reverse dependency order
        container.addContainerDependencies(ContainerDependency.builder()
            .container(collector)
            .condition(ContainerDependencyCondition.START)
            .build());

        ApplicationLoadBalancedFargateService.Builder service = ApplicationLoadBalancedFargateService.Builder
            .create(this, "Service")
            .cluster(props.cluster())
            .taskDefinition(taskDefinition)
            .desiredCount(props.taskCount().autoscaled() ? null : props.taskCount().min())
            .taskSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
            .assignPublicIp(false)
            .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
            .minHealthyPercent(100)
            .maxHealthyPercent(MAX_HEALTHY_PERCENT)
            // Boot and Hibernate's schema validation on a cold JVM; the ALB must not kill
            // the task meanwhile
            .healthCheckGracePeriod(Duration.seconds(120));
        if (settings.internetFacing()) {
            service.publicLoadBalancer(true)
                .certificate(Certificate.fromCertificateArn(this, "Certificate", settings.certificateArn().get()))
                .protocol(ApplicationProtocol.HTTPS)
                // TLS 1.2 and 1.3 only, forward secrecy
                .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .redirectHttp(true);
        }
        else {
            // reachable from inside the VPC only (an SSM session through the platform's
            // port-forwarding host)
            service.publicLoadBalancer(false).openListener(false);
        }
        this.loadBalanced = service.build();

        // Liveness, not readiness: readiness includes the database and the broker, and
        // ECS replaces every task the ALB finds unhealthy, so an SNS/SQS outage would
        // restart all tasks in a loop while their REST API (which needs neither SNS nor
        // SQS) could keep answering. Readiness stays for probes and dashboards.
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

        if (settings.internetFacing()) {
            closeAdministrativePaths(settings);
            settings.domainName().ifPresent(domain -> publishHostName(spec, settings, domain));
        }
        else {
            loadBalanced.getLoadBalancer()
                .getConnections()
                .allowFrom(Peer.ipv4(props.vpc().getVpcCidrBlock()), Port.tcp(80),
                        "HTTP from inside the VPC (the port-forwarding host)");
        }

        database.getConnections()
            .allowDefaultPortFrom(loadBalanced.getService(), spec.name() + " tasks to their database");

        this.migrationTaskDefinition = FargateTaskDefinition.Builder.create(this, "MigrationTaskDefinition")
            .cpu(512)
            .memoryLimitMiB(1024)
            .runtimePlatform(RuntimePlatform.builder()
                .cpuArchitecture(CpuArchitecture.X86_64)
                .operatingSystemFamily(OperatingSystemFamily.LINUX)
                .build())
            .build();
        this.migrationContainer = migrationTaskDefinition.addContainer(migrationContainerName(spec),
                ContainerDefinitionOptions.builder()
                    .containerName(migrationContainerName(spec))
                    .image(ContainerImage.fromEcrRepository(props.repository(), settings.imageTag()))
                    .command(List.of(MIGRATE_COMMAND))
                    .environment(migrationEnvironment(spec))
                    .secrets(ownerSecrets())
                    .logging(LogDriver
                        .awsLogs(AwsLogDriverProps.builder().logGroup(logGroup).streamPrefix("migration").build()))
                    .essential(true)
                    .build());
        this.migrationSecurityGroup = SecurityGroup.Builder.create(this, "MigrationSecurityGroup")
            .vpc(props.vpc())
            .description(spec.name() + " migration task: pulls its image, reads the owner's secret, migrates")
            .allowAllOutbound(true)
            .build();
        database.getConnections()
            .allowDefaultPortFrom(migrationSecurityGroup, spec.name() + " migration task to its database");
        this.migration = migrationOnEveryDeploy(spec, props);
        // the service's tasks start on the new image only once its migrations are applied
        loadBalanced.getService().getNode().addDependency(migration);
    }

    /**
     * Runs the migration task and waits for it to stop, whenever its task definition
     * changes (a new image tag is a new revision): CloudFormation has no resource that
     * runs a task, so a small handler does, through the Provider framework; it fails the
     * deploy unless the container exits 0.
     */
    private CustomResource migrationOnEveryDeploy(ServiceSpec spec, Props props) {
        Function handler = Function.Builder.create(this, "RunMigrationHandler")
            .description("Runs " + spec.name() + "'s migration task and waits for it to exit 0")
            .runtime(Runtime.NODEJS_22_X)
            .handler("index.handler")
            .code(Code.fromInline(RUN_MIGRATION_HANDLER))
            .timeout(Duration.minutes(14))
            .memorySize(256)
            .build();
        migrationTaskDefinition.grantRun(handler);
        handler.addToRolePolicy(PolicyStatement.Builder.create()
            .sid("WatchTheMigrationTask")
            .effect(Effect.ALLOW)
            .actions(List.of("ecs:DescribeTasks"))
            .resources(List.of(Stack.of(this)
                .formatArn(ArnComponents.builder()
                    .service("ecs")
                    .resource("task")
                    .resourceName(props.cluster().getClusterName() + "/*")
                    .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                    .build())))
            .build());
        Provider provider = Provider.Builder.create(this, "RunMigrationProvider").onEventHandler(handler).build();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Cluster", props.cluster().getClusterArn());
        properties.put("TaskDefinition", migrationTaskDefinition.getTaskDefinitionArn());
        properties.put("ContainerName", migrationContainer.getContainerName());
        properties.put("Subnets", props.vpc().getPrivateSubnets().stream().map(ISubnet::getSubnetId).toList());
        properties.put("SecurityGroups", List.of(migrationSecurityGroup.getSecurityGroupId()));
        properties.put("MaxWaitSeconds", Integer.toString(MIGRATION_TIMEOUT.toSeconds().intValue()));
        properties.put("LogGroup", logGroup.getLogGroupName());
        return CustomResource.Builder.create(this, "Migration")
            .serviceToken(provider.getServiceToken())
            .resourceType("Custom::FlywayMigration")
            .properties(properties)
            .build();
    }

    /**
     * The migration's handler (Node.js, the AWS SDK of the Lambda runtime): on create and
     * update, one Fargate task of the migration task definition in the private subnets;
     * the deploy fails when it does not start, does not stop in time or its container
     * exits other than 0. Deleting runs nothing.
     */
    public static final String RUN_MIGRATION_HANDLER = """
            const { ECSClient, RunTaskCommand, DescribeTasksCommand, waitUntilTasksStopped } = require('@aws-sdk/client-ecs');
            const ecs = new ECSClient({});
            exports.handler = async (event) => {
              if (event.RequestType === 'Delete') {
                return {};
              }
              const p = event.ResourceProperties;
              const run = await ecs.send(new RunTaskCommand({
                cluster: p.Cluster, taskDefinition: p.TaskDefinition, launchType: 'FARGATE', count: 1,
                startedBy: 'cloudformation-migration',
                networkConfiguration: { awsvpcConfiguration: {
                  subnets: p.Subnets, securityGroups: p.SecurityGroups, assignPublicIp: 'DISABLED' } },
              }));
              const started = run.tasks && run.tasks[0];
              if (!started) {
                throw new Error('The migration task did not start: ' + JSON.stringify(run.failures));
              }
              const taskArn = started.taskArn;
              console.log('migration task started', taskArn);
              await waitUntilTasksStopped({ client: ecs, maxWaitTime: Number(p.MaxWaitSeconds), minDelay: 10, maxDelay: 20 },
                { cluster: p.Cluster, tasks: [taskArn] });
              const task = (await ecs.send(new DescribeTasksCommand({ cluster: p.Cluster, tasks: [taskArn] }))).tasks[0];
              const container = task.containers.find((c) => c.name === p.ContainerName);
              const exitCode = container ? container.exitCode : undefined;
              if (exitCode !== 0) {
                throw new Error(`The migration task ${taskArn} ended with exit code ${exitCode} (${task.stoppedReason}); `
                  + `its output is in the log group ${p.LogGroup}, streams migration/*`);
              }
              return { PhysicalResourceId: taskArn, Data: { TaskArn: taskArn } };
            };
            """;

    private DatabaseInstance database(ServiceSpec spec, Props props) {
        ISecurityGroup databaseSecurityGroup = SecurityGroup.Builder.create(this, "DatabaseSecurityGroup")
            .vpc(props.vpc())
            .description(spec.name() + " database: PostgreSQL from the service and its secret rotation only")
            // a database never opens connections itself
            .allowAllOutbound(false)
            .build();
        IInstanceEngine engine = DatabaseInstanceEngine
            .postgres(PostgresInstanceEngineProps.builder().version(PostgresEngineVersion.VER_17).build());
        DatabaseInstance instance = DatabaseInstance.Builder.create(this, "Database")
            .engine(engine)
            .instanceType(new InstanceType(props.databaseInstanceType()))
            .multiAz(props.settings().databaseMultiAz())
            .vpc(props.vpc())
            .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
            .securityGroups(List.of(databaseSecurityGroup))
            .publiclyAccessible(false)
            .databaseName(spec.databaseName())
            // the owner: Flyway migrates with it; its generated password rotates below
            .credentials(Credentials.fromGeneratedSecret(spec.databaseOwner()))
            // the service's runtime role signs in with an IAM token, not a password
            .iamAuthentication(true)
            // no connection without TLS
            .parameterGroup(ParameterGroup.Builder.create(this, "DatabaseParameters")
                .engine(engine)
                .description(spec.name() + " database: TLS only")
                .parameters(Map.of("rds.force_ssl", "1"))
                .build())
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
        // the migration task reads the secret when it starts, so a rotation reaches every
        // migration after it; that task is its only user
        instance.addRotationSingleUser(RotationSingleUserOptions.builder()
            .automaticallyAfter(ROTATION_INTERVAL)
            .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
            .build());
        return instance;
    }

    private Map<String, String> environment(ServiceSpec spec, Props props) {
        String endpoint = databaseEndpoint(spec);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SPRING_PROFILES_ACTIVE", "aws");
        environment.put("SERVER_PORT", Integer.toString(spec.port()));
        environment.put("AWS_REGION", Stack.of(this).getRegion());
        // the service through the wrapper driver (IAM token) as its runtime role; it
        // never
        // migrates (the migration task does), and Hibernate validates its tables
        environment.put("SPRING_DATASOURCE_URL", "jdbc:aws-wrapper:postgresql://" + endpoint);
        environment.put("SPRING_DATASOURCE_USERNAME", spec.runtimeRole());
        environment.put("SPRING_FLYWAY_ENABLED", "false");
        environment.put("DB_POOL_SIZE", Integer.toString(props.poolSize()));
        environment.put("OAUTH2_ISSUER_URI", props.issuer().issuerUri());
        environment.put("OAUTH2_API_SCOPE", spec.apiScope());
        environment.put("OAUTH2_ADMIN_SCOPE", spec.adminScope());
        environment.put("CLOUDWATCH_METRICS_NAMESPACE", metricsNamespace);
        environment.putAll(props.environment());
        return environment;
    }

    private String databaseEndpoint(ServiceSpec spec) {
        return database.getDbInstanceEndpointAddress() + ":" + database.getDbInstanceEndpointPort() + "/"
                + spec.databaseName() + "?sslmode=verify-full&sslrootcert=" + RDS_CA_BUNDLE;
    }

    /**
     * Flyway as the owner with the plain driver; the runtime role's name for the db/aws
     * grants ({@code approle}).
     */
    private Map<String, String> migrationEnvironment(ServiceSpec spec) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SPRING_PROFILES_ACTIVE", "aws");
        environment.put("AWS_REGION", Stack.of(this).getRegion());
        environment.put("SPRING_DATASOURCE_URL", "jdbc:aws-wrapper:postgresql://" + databaseEndpoint(spec));
        environment.put("SPRING_DATASOURCE_USERNAME", spec.runtimeRole());
        environment.put("SPRING_FLYWAY_URL", "jdbc:postgresql://" + databaseEndpoint(spec));
        return environment;
    }

    private Map<String, software.amazon.awscdk.services.ecs.Secret> ownerSecrets() {
        ISecret owner = Objects.requireNonNull(database.getSecret(), "generated database secret");
        Map<String, software.amazon.awscdk.services.ecs.Secret> secrets = new LinkedHashMap<>();
        secrets.put("SPRING_FLYWAY_USER",
                software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(owner, "username"));
        secrets.put("SPRING_FLYWAY_PASSWORD",
                software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(owner, "password"));
        return secrets;
    }

    /**
     * The HTTPS listener forwards the API; /admin and /actuator (health included) answer
     * 404 from the load balancer itself, except to the adminCidrs. The services' scopes
     * guard the same paths again behind it.
     */
    private void closeAdministrativePaths(DeploymentSettings settings) {
        ListenerAction forward = ListenerAction.forward(List.of(loadBalanced.getTargetGroup()));
        List<List<String>> cidrGroups = chunks(settings.adminCidrs(), CIDRS_PER_RULE);
        for (int rule = 0; rule < cidrGroups.size(); rule++) {
            ApplicationListenerRule.Builder.create(this, "RouteAdministrationFromAdminCidrs" + rule)
                .listener(loadBalanced.getListener())
                .priority(20 + rule)
                .conditions(List.of(ListenerCondition.pathPatterns(CLOSED_PATHS),
                        ListenerCondition.sourceIps(cidrGroups.get(rule))))
                .action(forward)
                .build();
        }
        ApplicationListenerRule.Builder.create(this, "CloseAdministration")
            .listener(loadBalanced.getListener())
            .priority(100)
            .conditions(List.of(ListenerCondition.pathPatterns(CLOSED_PATHS)))
            .action(ListenerAction.fixedResponse(404,
                    FixedResponseOptions.builder()
                        .contentType("application/problem+json")
                        .messageBody("{\"type\":\"/problems/not-found\",\"title\":\"Not Found\",\"status\":404,"
                                + "\"detail\":\"Not served from the internet\"}")
                        .build()))
            .build();
    }

    private void publishHostName(ServiceSpec spec, DeploymentSettings settings, String domain) {
        String hostName = spec.hostName(domain);
        settings.hostedZoneId()
            .ifPresent(zoneId -> ARecord.Builder.create(this, "HostName")
                .zone(HostedZone.fromHostedZoneAttributes(this, "Zone",
                        HostedZoneAttributes.builder().hostedZoneId(zoneId).zoneName(domain).build()))
                .recordName(hostName)
                .target(RecordTarget.fromAlias(new LoadBalancerTarget(loadBalanced.getLoadBalancer())))
                .build());
        CfnOutput.Builder.create(this, "HostNameUrl")
            .description(settings.hostedZoneId().isPresent() ? spec.name() + " on its own name"
                    : "point this name (CNAME) at the load balancer's DNS name (ServiceURL)")
            .value("https://" + hostName)
            .build();
    }

    public DatabaseInstance database() {
        return database;
    }

    public LogGroup logGroup() {
        return logGroup;
    }

    /**
     * The name of the role a service's code runs as: IAM names are per account, so it
     * carries the environment and the region.
     */
    public static String taskRoleName(ServiceSpec spec, DeploymentSettings settings) {
        return settings.qualify(spec.name()) + "-task-" + Aws.REGION;
    }

    /** The role the application code runs as; grants go here. */
    public IRole taskRole() {
        return taskRole;
    }

    public ContainerDefinition container() {
        return container;
    }

    public ContainerDefinition collector() {
        return collector;
    }

    /** The one-shot task that migrates the database as its owner. */
    public FargateTaskDefinition migrationTaskDefinition() {
        return migrationTaskDefinition;
    }

    public ContainerDefinition migrationContainer() {
        return migrationContainer;
    }

    public SecurityGroup migrationSecurityGroup() {
        return migrationSecurityGroup;
    }

    /**
     * Runs the migration task on every deploy that changes it; the service waits for it.
     */
    public CustomResource migration() {
        return migration;
    }

    public static String migrationContainerName(ServiceSpec spec) {
        return spec.name() + "-migration";
    }

    public FargateService service() {
        return loadBalanced.getService();
    }

    public ApplicationLoadBalancedFargateService loadBalanced() {
        return loadBalanced;
    }

    /** Where this service's meters are in CloudWatch. */
    public String metricsNamespace() {
        return metricsNamespace;
    }

    static List<List<String>> chunks(List<String> values, int size) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += size) {
            chunks.add(values.subList(from, Math.min(values.size(), from + size)));
        }
        return chunks;
    }

}
