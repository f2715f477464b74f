package com.example.events.infra;

import static com.example.events.infra.TemplateJson.list;
import static com.example.events.infra.TemplateJson.logicalId;
import static com.example.events.infra.TemplateJson.only;
import static com.example.events.infra.TemplateJson.properties;
import static com.example.events.infra.TemplateJson.statementsOfRole;
import static com.example.events.infra.TemplateJson.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.example.events.infra.platform.DatabaseConnectionBudget;
import com.example.events.infra.platform.SpringServiceWithDatabase;

import software.amazon.awscdk.App;

/**
 * The database as a reviewer would check it: the service signs in as a role that only
 * reads and writes (granted by its db/aws migration, profile aws), with an IAM token; the
 * owner's secret rotates; TLS is required and verified; the tasks fit the instance's
 * connections even mid-deployment.
 */
class DatabaseTest {

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void theServiceSignsInAsItsRuntimeRoleWithAnIamToken(ServiceCase service) {
        service.template()
            .hasResourceProperties("AWS::RDS::DBInstance", Map.of("EnableIAMDatabaseAuthentication", true));

        List<Map<String, Object>> connect = statementsOfRole(service.template(),
                logicalId(service.service().taskRole()))
            .stream()
            .filter(s -> strings(s.get("Action")).contains("rds-db:connect"))
            .toList();
        assertThat(connect).singleElement().satisfies(statement -> {
            String resource = String.valueOf(statement.get("Resource"));
            assertThat(resource).contains(":dbuser:", "DbiResourceId", "/" + service.spec().runtimeRole());
        });

        // the role the service connects as is the one its aws profile grants to
        List<Map<String, Object>> aws = TopologyDriftTest.profile(service.yaml(), "aws");
        assertThat(TopologyDriftTest.value(aws, "spring.datasource.username")).isEqualTo(service.spec().runtimeRole());
        assertThat(TopologyDriftTest.value(aws, "spring.flyway.locations")).contains("classpath:db/aws");
        assertThat(TopologyDriftTest.value(aws, "spring.datasource.driver-class-name"))
            .isEqualTo("software.amazon.jdbc.Driver");
        // one grant script for every service, shipped by the platform starter
        assertThat(TopologyDriftTest.MODULE_DIR
            .resolve("../platform-starter/src/main/resources/db/aws/R__runtime_role.sql")).isRegularFile();
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void theOwnersSecretRotatesEveryThirtyDays(ServiceCase service) {
        Map<String, Object> rotation = properties(only(service.template(), "AWS::SecretsManager::RotationSchedule"));
        assertThat(rotation.get("RotationRules")).isEqualTo(Map.of("ScheduleExpression", "rate(30 days)"));
        assertThat(String.valueOf(rotation.get("SecretId")))
            .contains(logicalId(service.service().database().getSecret()));
        service.template().resourceCountIs("AWS::Serverless::Application", 1);
    }

    @ParameterizedTest
    @MethodSource("com.example.events.infra.ServiceCase#all")
    void connectionsNeedTlsAndTheDriverVerifiesTheCertificateAgainstTheBundleInTheImage(ServiceCase service)
            throws IOException {
        service.template()
            .hasResourceProperties("AWS::RDS::DBParameterGroup", Map.of("Parameters", Map.of("rds.force_ssl", "1")));

        // ServiceStacksTest holds both URLs to
        // sslmode=verify-full&sslrootcert=RDS_CA_BUNDLE
        Path dockerfile = TopologyDriftTest.MODULE_DIR.resolve("../Dockerfile").normalize();
        List<String> bundleLines = Files.readAllLines(dockerfile)
            .stream()
            .filter(line -> line.startsWith("ADD ") && line.contains("truststore.pki.rds.amazonaws.com"))
            .toList();
        assertThat(bundleLines).as("the RDS CA bundle in %s", dockerfile)
            .singleElement()
            .satisfies(line -> assertThat(line).endsWith(" " + SpringServiceWithDatabase.RDS_CA_BUNDLE)
                .contains("--chmod=444"));
    }

    @Test
    void multiAzIsAnOption() {
        for (ServiceCase service : ServiceCase.all()) {
            service.template().hasResourceProperties("AWS::RDS::DBInstance", Map.of("MultiAZ", false));
        }
        for (var stack : List.of(SynthesizedInfra.staging().memberService(),
                SynthesizedInfra.staging().reservationService())) {
            SynthesizedInfra.template(stack).hasResourceProperties("AWS::RDS::DBInstance", Map.of("MultiAZ", true));
        }
    }

    @Test
    void instanceTypesHoldEveryTaskDuringADeployment() {
        SynthesizedInfra.template(SynthesizedInfra.stacks().memberService())
            .hasResourceProperties("AWS::RDS::DBInstance", Map.of("DBInstanceClass", "db.t4g.micro"));
        SynthesizedInfra.template(SynthesizedInfra.stacks().reservationService())
            .hasResourceProperties("AWS::RDS::DBInstance", Map.of("DBInstanceClass", "db.t4g.small"));

        // 1 GiB: 84 by RDS's formula on three quarters of it, less the 5 RDS keeps
        assertThat(DatabaseConnectionBudget.connectionLimit("t4g.micro")).isEqualTo(79);
        assertThat(DatabaseConnectionBudget.connectionLimit("t4g.small")).isEqualTo(163);
        // 4 tasks at most, 8 during a deployment, 10 + 2 each, and the rotation's one
        assertThat(DatabaseConnectionBudget.connectionsNeeded(4, 200, 10)).isEqualTo(97);
    }

    @Test
    void aSynthFailsWhenTheTasksWouldExceedTheInstancesConnections() {
        App app = InfraApp.newApp(SynthesizedInfra.context(Map.of("reservationDatabaseInstanceType", "t4g.micro")));

        assertThatThrownBy(() -> InfraApp.compose(app, SynthesizedInfra.environment()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("reservation-service: during a deployment 8 tasks")
            .hasMessageContaining("= 97 connections, more than db.t4g.micro accepts (79)")
            .hasMessageContaining("-c reservationDatabaseInstanceType=");
        assertThatThrownBy(() -> DatabaseConnectionBudget.connectionLimit("db.x9.huge"))
            .hasMessageContaining("Unknown database instance type");
    }

    @Test
    void theRotationReachesTheDatabaseFromTheAppSubnets() {
        String subnets = String
            .valueOf(list(properties(only(SynthesizedInfra.template(SynthesizedInfra.stacks().memberService()),
                    "AWS::Serverless::Application"))
                .get("Parameters")));
        assertThat(subnets).contains("appSubnet");
    }

}
