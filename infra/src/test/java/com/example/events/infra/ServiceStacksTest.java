package com.example.events.infra;

import static com.example.events.infra.TemplateJson.container;
import static com.example.events.infra.TemplateJson.list;
import static com.example.events.infra.TemplateJson.logicalId;
import static com.example.events.infra.TemplateJson.map;
import static com.example.events.infra.TemplateJson.namedValues;
import static com.example.events.infra.TemplateJson.only;
import static com.example.events.infra.TemplateJson.properties;
import static com.example.events.infra.TemplateJson.refersTo;
import static com.example.events.infra.TemplateJson.resources;
import static com.example.events.infra.TemplateJson.statementsOfRole;
import static com.example.events.infra.TemplateJson.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.example.events.infra.platform.SpringServiceWithDatabase;

import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.iam.IRole;

/** What holds for both services: Fargate behind an ALB, own database, secrets, logs. */
class ServiceStacksTest {

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void runsOnFargateInPrivateSubnetsBehindALoadBalancer(ServiceCase service) {
        Template template = service.template();
        Map<String, Object> ecsService = properties(only(template, "AWS::ECS::Service"));

        assertThat(ecsService.get("LaunchType")).isEqualTo("FARGATE");
        Map<String, Object> network = map(map(ecsService.get("NetworkConfiguration")).get("AwsvpcConfiguration"));
        assertThat(network.get("AssignPublicIp")).isEqualTo("DISABLED");
        assertThat(list(network.get("Subnets"))).hasSize(2)
            .allSatisfy(subnet -> assertThat(
                    refersToAny(subnet, SynthesizedInfra.stacks().platform().vpc().getPrivateSubnets()))
                .isTrue());
        assertThat(list(ecsService.get("LoadBalancers"))).singleElement().satisfies(lb -> {
            assertThat(map(lb).get("ContainerName")).isEqualTo(service.spec().name());
            assertThat(TemplateJson.intValue(map(lb).get("ContainerPort"))).isEqualTo(service.spec().port());
        });
        template.hasResourceProperties("AWS::ECS::TaskDefinition",
                Map.of("RequiresCompatibilities", List.of("FARGATE"), "NetworkMode", "awsvpc"));
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void loadBalancerChecksLivenessSoABrokerOutageRestartsNoTask(ServiceCase service) {
        service.template()
            .hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of("HealthCheckPath",
                    "/actuator/health/liveness", "Matcher", Map.of("HttpCode", "200"), "TargetType", "ip"));
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void ownsAnEncryptedPostgres17InstanceInTheIsolatedSubnets(ServiceCase service) {
        Template template = service.template();
        template.resourceCountIs("AWS::RDS::DBInstance", 1);
        template.hasResourceProperties("AWS::RDS::DBInstance",
                Map.of("Engine", "postgres", "EngineVersion", Match.stringLikeRegexp("^17(\\..*)?$"),
                        "StorageEncrypted", true, "PubliclyAccessible", false, "DBName", service.spec().databaseName(),
                        "MasterUsername", service.spec().databaseOwner()));

        List<ISubnet> isolated = SynthesizedInfra.stacks().platform().vpc().getIsolatedSubnets();
        Map<String, Object> subnetGroup = properties(only(template, "AWS::RDS::DBSubnetGroup"));
        assertThat(list(subnetGroup.get("SubnetIds"))).hasSize(2)
            .allSatisfy(subnet -> assertThat(refersToAny(subnet, isolated)).as("isolated subnet").isTrue());
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void databaseAcceptsConnectionsFromItsServiceItsMigrationTaskAndItsSecretRotationOnly(ServiceCase service) {
        Template template = service.template();
        String databaseGroup = logicalId(service.service().database().getConnections().getSecurityGroups().get(0));
        String serviceGroup = logicalId(service.service().service().getConnections().getSecurityGroups().get(0));
        String migrationGroup = logicalId(service.service().migrationSecurityGroup());

        Map<String, Object> group = properties(resources(template, "AWS::EC2::SecurityGroup").get(databaseGroup));
        assertThat(group.get("SecurityGroupIngress")).isNull();
        List<Map<String, Object>> ingress = resources(template, "AWS::EC2::SecurityGroupIngress").values()
            .stream()
            .map(TemplateJson::properties)
            .filter(rule -> refersTo(rule.get("GroupId"), databaseGroup))
            .toList();
        assertThat(ingress).hasSize(3).allSatisfy(rule -> {
            assertThat(rule.get("IpProtocol")).isEqualTo("tcp");
            assertThat(rule.get("CidrIp")).isNull();
        });
        assertThat(ingress)
            .anySatisfy(rule -> assertThat(refersTo(rule.get("SourceSecurityGroupId"), serviceGroup)).isTrue());
        assertThat(ingress)
            .anySatisfy(rule -> assertThat(refersTo(rule.get("SourceSecurityGroupId"), migrationGroup)).isTrue());
        assertThat(ingress).anySatisfy(
                rule -> assertThat(String.valueOf(rule.get("SourceSecurityGroupId"))).contains("RotationSingleUser"));
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void onlyTheOwnersCredentialsComeFromSecretsManagerAndOnlyTheMigrationTaskGetsThem(ServiceCase service) {
        Map<String, Object> container = container(service.template(), service.spec().name());
        Map<String, Object> migration = container(service.template(),
                SpringServiceWithDatabase.migrationContainerName(service.spec()));
        Map<String, Object> secrets = namedValues(migration.get("Secrets"), "ValueFrom");
        String ownerSecret = logicalId(service.service().database().getSecret());

        assertThat(secrets).containsOnlyKeys("SPRING_FLYWAY_USER", "SPRING_FLYWAY_PASSWORD");
        assertThat(secrets.get("SPRING_FLYWAY_USER")).isEqualTo(secretField(ownerSecret, "username"));
        assertThat(secrets.get("SPRING_FLYWAY_PASSWORD")).isEqualTo(secretField(ownerSecret, "password"));
        service.template()
            .hasResourceProperties("AWS::SecretsManager::Secret",
                    Map.of("GenerateSecretString", Match.objectLike(Map.of("GenerateStringKey", "password",
                            "SecretStringTemplate", "{\"username\":\"" + service.spec().databaseOwner() + "\"}"))));
        service.template().resourceCountIs("AWS::SecretsManager::Secret", 1);

        // the service gets no secret at all; no password travels as a plain environment
        // variable; the runtime role has none
        assertThat(container.get("Secrets")).isNull();
        for (Map<String, Object> each : List.of(container, migration)) {
            Map<String, Object> environment = namedValues(each.get("Environment"), "Value");
            assertThat(environment.keySet()).noneMatch(name -> name.contains("PASSWORD"));
            assertThat(environment.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(service.spec().runtimeRole());
        }
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void environmentPointsTheServiceAtItsDatabaseIssuerAndRegion(ServiceCase service) {
        Map<String, Object> environment = new LinkedHashMap<>(
                namedValues(container(service.template(), service.spec().name()).get("Environment"), "Value"));
        Map<String, Object> migration = namedValues(
                container(service.template(), SpringServiceWithDatabase.migrationContainerName(service.spec()))
                    .get("Environment"),
                "Value");
        String database = logicalId(service.service().database());
        // the service never migrates; the migration task does, as the owner
        assertThat(environment.get("SPRING_FLYWAY_ENABLED")).isEqualTo("false");
        assertThat(environment).doesNotContainKey("SPRING_FLYWAY_URL");
        assertThat(migration.get("SPRING_PROFILES_ACTIVE")).isEqualTo("aws");
        assertThat(migration).doesNotContainKey("SPRING_FLYWAY_ENABLED");
        environment.put("SPRING_FLYWAY_URL", migration.get("SPRING_FLYWAY_URL"));

        assertThat(environment.get("SPRING_PROFILES_ACTIVE")).isEqualTo("aws");
        assertThat(environment.get("AWS_REGION")).isEqualTo(SynthesizedInfra.REGION);
        assertThat(environment.get("SERVER_PORT")).isEqualTo(Integer.toString(service.spec().port()));
        for (String variable : List.of("SPRING_DATASOURCE_URL", "SPRING_FLYWAY_URL")) {
            List<Object> parts = list(list(map(environment.get(variable)).get("Fn::Join")).get(1));
            assertThat(parts.get(1)).isEqualTo(Map.of("Fn::GetAtt", List.of(database, "Endpoint.Address")));
            assertThat(parts.get(3)).isEqualTo(Map.of("Fn::GetAtt", List.of(database, "Endpoint.Port")));
            assertThat(parts.get(4)).isEqualTo("/" + service.spec().databaseName() + "?sslmode=verify-full&sslrootcert="
                    + SpringServiceWithDatabase.RDS_CA_BUNDLE);
        }
        assertThat(list(list(map(environment.get("SPRING_DATASOURCE_URL")).get("Fn::Join")).get(1)).get(0))
            .isEqualTo("jdbc:aws-wrapper:postgresql://");
        assertThat(list(list(map(environment.get("SPRING_FLYWAY_URL")).get("Fn::Join")).get(1)).get(0))
            .isEqualTo("jdbc:postgresql://");
        assertThat(String.valueOf(environment.get("OAUTH2_ISSUER_URI"))).contains("https://",
                logicalId(SynthesizedInfra.stacks().platform().userPool().orElseThrow()));
        assertThat(environment.get("OAUTH2_API_SCOPE")).isEqualTo(service.spec().name() + "/api");
        assertThat(environment.get("OAUTH2_ADMIN_SCOPE")).isEqualTo(service.spec().name() + "/admin");
        assertThat(environment).doesNotContainKeys("AWS_ENDPOINT_URL", "ADMIN_USERNAME", "ADMIN_PASSWORD");
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void imageComesFromTheServicesEcrRepositoryAtTheRequestedTag(ServiceCase service) {
        Object image = container(service.template(), service.spec().name()).get("Image");
        String repository = logicalId(SynthesizedInfra.stacks().platform().repository(service.spec().name()));

        assertThat(refersTo(image, repository)).as("image from the %s repository", service.spec().name()).isTrue();
        List<Object> parts = list(list(map(image).get("Fn::Join")).get(1));
        assertThat(parts.get(parts.size() - 1)).isEqualTo(":" + SynthesizedInfra.IMAGE_TAG);
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void logsGoToCloudWatchWithRetention(ServiceCase service) {
        Template template = service.template();
        String logGroup = logicalId(service.service().logGroup());
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
        template.resourceCountIs("AWS::Logs::LogGroup", 1);

        for (String name : List.of(service.spec().name(), "otel-collector")) {
            Map<String, Object> logging = map(container(template, name).get("LogConfiguration"));
            assertThat(logging.get("LogDriver")).isEqualTo("awslogs");
            assertThat(map(logging.get("Options")).get("awslogs-group")).isEqualTo(Map.of("Ref", logGroup));
        }
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void onlyTheMigrationTasksExecutionRoleReadsTheOwnersSecret(ServiceCase service) {
        Template template = service.template();
        IRole executionRole = service.service().migrationTaskDefinition().getExecutionRole();
        List<Map<String, Object>> secretStatements = statementsOfRole(template, logicalId(executionRole)).stream()
            .filter(s -> strings(s.get("Action")).stream().anyMatch(a -> a.startsWith("secretsmanager:")))
            .toList();

        assertThat(secretStatements).singleElement().satisfies(s -> {
            assertThat(strings(s.get("Action"))).containsExactlyInAnyOrder("secretsmanager:GetSecretValue",
                    "secretsmanager:DescribeSecret");
            assertThat(s.get("Resource")).isEqualTo(Map.of("Ref", logicalId(service.service().database().getSecret())));
        });
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void taskRoleHasNoManagedOrInlinePolicies(ServiceCase service) {
        Map<String, Object> role = properties(
                resources(service.template(), "AWS::IAM::Role").get(logicalId(service.service().taskRole())));
        assertThat(role.get("ManagedPolicyArns")).isNull();
        assertThat(role.get("Policies")).isNull();
        assertThat(String.valueOf(role.get("AssumeRolePolicyDocument"))).contains("ecs-tasks.amazonaws.com");
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void outputsTheServiceUrl(ServiceCase service) {
        Map<String, Map<String, Object>> outputs = service.template().findOutputs("*");
        assertThat(outputs.keySet()).anyMatch(name -> name.contains("ServiceURL"));
    }

    static Map<String, Object> secretField(String secretLogicalId, String field) {
        return Map.of("Fn::Join", List.of("", List.of(Map.of("Ref", secretLogicalId), ":" + field + "::")));
    }

    static boolean refersToAny(Object value, List<ISubnet> subnets) {
        return subnets.stream().anyMatch(subnet -> refersTo(value, logicalId(subnet)));
    }

}
