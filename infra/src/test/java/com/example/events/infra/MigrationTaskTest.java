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

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.example.events.infra.platform.SpringServiceWithDatabase;

import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.IRole;

/**
 * Migrations run as their own one-shot task, the only holder of the database owner's
 * secret; every deploy that changes it runs it and waits for it to succeed before the
 * service is updated. The service's tasks, and their roles, never see the secret.
 */
class MigrationTaskTest {

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void eachServiceHasAMigrationTaskRunningItsImageWithMigrateAndTheOwnersSecret(ServiceCase service) {
        Template template = service.template();
        SpringServiceWithDatabase paved = service.service();
        template.resourceCountIs("AWS::ECS::TaskDefinition", 2);

        Map<String, Object> migration = container(template,
                SpringServiceWithDatabase.migrationContainerName(service.spec()));
        assertThat(migration.get("Command")).isEqualTo(List.of(SpringServiceWithDatabase.MIGRATE_COMMAND));
        assertThat(migration.get("Image")).isEqualTo(container(template, service.spec().name()).get("Image"));
        assertThat(migration.get("PortMappings")).isNull();
        assertThat(migration.get("Essential")).isEqualTo(true);

        String ownerSecret = logicalId(paved.database().getSecret());
        Map<String, Object> secrets = namedValues(migration.get("Secrets"), "ValueFrom");
        assertThat(secrets).containsOnlyKeys("SPRING_FLYWAY_USER", "SPRING_FLYWAY_PASSWORD");
        assertThat(secrets.values()).allSatisfy(value -> assertThat(refersTo(value, ownerSecret)).isTrue());
        Map<String, Object> environment = namedValues(migration.get("Environment"), "Value");
        assertThat(environment.get("SPRING_PROFILES_ACTIVE")).isEqualTo("aws");
        assertThat(refersTo(environment.get("SPRING_FLYWAY_URL"), logicalId(paved.database()))).isTrue();

        // one-shot: no ECS service keeps it running, no load balancer sends it requests
        Map<String, Object> ecsService = properties(only(template, "AWS::ECS::Service"));
        assertThat(refersTo(ecsService.get("TaskDefinition"), logicalId(paved.loadBalanced().getTaskDefinition())))
            .isTrue();
        assertThat(refersTo(ecsService.get("TaskDefinition"), logicalId(paved.migrationTaskDefinition()))).isFalse();

        // its own roles, not the service's
        assertThat(logicalId(paved.migrationTaskDefinition().getTaskRole())).isNotEqualTo(logicalId(paved.taskRole()));
        assertThat(logicalId(paved.migrationTaskDefinition().getExecutionRole()))
            .isNotEqualTo(logicalId(paved.loadBalanced().getTaskDefinition().getExecutionRole()));
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void theServicesTasksAndTheirRolesHaveNoAccessToTheOwnersSecret(ServiceCase service) {
        Template template = service.template();
        SpringServiceWithDatabase paved = service.service();
        String ownerSecret = logicalId(paved.database().getSecret());

        for (String name : List.of(service.spec().name(), "otel-collector")) {
            assertThat(container(template, name).get("Secrets")).as(name).isNull();
            assertThat(String.valueOf(container(template, name))).as(name).doesNotContain(ownerSecret);
        }
        for (IRole role : List.of(paved.taskRole(), paved.loadBalanced().getTaskDefinition().getExecutionRole())) {
            List<Map<String, Object>> statements = statementsOfRole(template, logicalId(role));
            assertThat(statements).as(logicalId(role))
                .noneSatisfy(s -> assertThat(strings(s.get("Action"))).anyMatch(a -> a.startsWith("secretsmanager:")))
                .noneSatisfy(s -> assertThat(refersTo(s.get("Resource"), ownerSecret)).isTrue());
        }
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void everyDeployRunsTheMigrationTaskAndTheServiceWaitsForIt(ServiceCase service) {
        Template template = service.template();
        SpringServiceWithDatabase paved = service.service();
        String migrationTaskDefinition = logicalId(paved.migrationTaskDefinition());

        Map<String, Map<String, Object>> migrations = resources(template, "Custom::FlywayMigration");
        assertThat(migrations).hasSize(1);
        String migrationId = migrations.keySet().iterator().next();
        Map<String, Object> migration = properties(migrations.get(migrationId));
        // a new image is a new task definition revision: the property changes, the
        // resource updates, the task runs again
        assertThat(migration.get("TaskDefinition")).isEqualTo(Map.of("Ref", migrationTaskDefinition));
        assertThat(migration.get("ContainerName"))
            .isEqualTo(SpringServiceWithDatabase.migrationContainerName(service.spec()));
        assertThat(refersTo(migration.get("Cluster"), "Cluster")).isTrue();
        assertThat(list(migration.get("Subnets"))).hasSize(2);
        assertThat(list(migration.get("SecurityGroups"))).singleElement()
            .satisfies(group -> assertThat(refersTo(group, logicalId(paved.migrationSecurityGroup()))).isTrue());

        // the service is updated only once the migration succeeded
        Map<String, Object> ecsService = only(template, "AWS::ECS::Service");
        assertThat(strings(ecsService.get("DependsOn"))).contains(migrationId);

        // the handler waits for the task to stop and fails the deploy unless it exits 0
        assertThat(SpringServiceWithDatabase.RUN_MIGRATION_HANDLER).contains("RunTaskCommand", "waitUntilTasksStopped",
                "exitCode !== 0", "throw new Error");
        Map<String, Object> handler = resources(template, "AWS::Lambda::Function").values()
            .stream()
            .filter(function -> String.valueOf(properties(function).get("Code")).contains("RunTaskCommand"))
            .findFirst()
            .orElseThrow();
        String handlerRole = String.valueOf(list(map(properties(handler).get("Role")).get("Fn::GetAtt")).get(0));
        List<Map<String, Object>> statements = statementsOfRole(template, handlerRole);
        assertThat(statements).anySatisfy(s -> {
            assertThat(strings(s.get("Action"))).contains("ecs:RunTask");
            assertThat(refersTo(s.get("Resource"), migrationTaskDefinition)).isTrue();
        });
        // it may hand the task only the migration task's roles, never the service's
        List<Map<String, Object>> passRole = statements.stream()
            .filter(s -> strings(s.get("Action")).contains("iam:PassRole"))
            .toList();
        assertThat(passRole).isNotEmpty();
        assertThat(String.valueOf(passRole)).doesNotContain(logicalId(paved.taskRole()))
            .doesNotContain(logicalId(paved.loadBalanced().getTaskDefinition().getExecutionRole()))
            .contains(logicalId(paved.migrationTaskDefinition().getExecutionRole()));
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void theServicesAwsProfileNeitherMigratesNorNeedsTheOwner(ServiceCase service) {
        List<Map<String, Object>> aws = TopologyDriftTest.profile(service.yaml(), "aws");
        for (String key : List.of("spring.flyway.url", "spring.flyway.user", "spring.flyway.password")) {
            assertThat(TopologyDriftTest.optionalValue(aws, key)).as(key).isEmpty();
        }
        assertThat(TopologyDriftTest.value(aws, "spring.flyway.locations")).contains("classpath:db/aws");
        // Hibernate checks the tables at start-up (the profile-less document)
        List<Map<String, Object>> common = TopologyDriftTest.load(service.yaml());
        assertThat(TopologyDriftTest.value(common, "spring.jpa.hibernate.ddl-auto")).isEqualTo("validate");
    }

}
