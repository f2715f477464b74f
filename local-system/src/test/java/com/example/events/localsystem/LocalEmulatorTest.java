package com.example.events.localsystem;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

import static org.assertj.core.api.Assertions.assertThat;

class LocalEmulatorTest {

    @TempDir
    Path directory;

    @Test
    void aRestartedEmulatorAnswersOnTheSameEndpointWithNothingInIt() {
        try (LocalEmulator emulator = LocalEmulator.start(0, directory.resolve("emulator.log"));
                SqsClient sqs = emulator.broker().sqsClient()) {
            sqs.createQueue(request -> request.queueName("before-the-restart"));
            long firstPid = emulator.pid();

            emulator.restart();

            assertThat(emulator.pid()).as("a new process").isNotEqualTo(firstPid);
            assertThat(emulator.broker().endpoint()).isEqualTo(emulator.endpoint());
            assertThat(sqs.listQueues().queueUrls()).as("queues after the restart").isEmpty();
        }
    }

}
