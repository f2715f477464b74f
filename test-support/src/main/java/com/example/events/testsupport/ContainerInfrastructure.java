package com.example.events.testsupport;

import com.example.events.localsystem.Broker;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack and PostgreSQL in containers, for machines with a Docker engine. Stopped by
 * Ryuk with the JVM.
 */
final class ContainerInfrastructure {

    // The last LocalStack tag that starts without an auth token.
    static final String LOCALSTACK_IMAGE = "localstack/localstack:4.14.0";
    static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private ContainerInfrastructure() {
    }

    static Broker startLocalStack() {
        LocalStackContainer localStack = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
            .withServices("sns", "sqs");
        localStack.start();
        return new Broker(localStack.getEndpoint(), localStack.getRegion(), localStack.getAccessKey(),
                localStack.getSecretKey());
    }

    static Postgres startPostgres() {
        PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE));
        postgres.start();
        return new Postgres(postgres.getHost(), postgres.getMappedPort(5432), postgres.getUsername(),
                postgres.getPassword(), postgres.getDatabaseName(), "container " + POSTGRES_IMAGE);
    }

}
