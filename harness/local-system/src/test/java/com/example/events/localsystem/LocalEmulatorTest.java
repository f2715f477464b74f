package com.example.events.localsystem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalEmulatorTest {

    @Test
    void npmInstallsTheOneRuntimeBuiltForThisMachine() throws Exception {
        Path modules = Repository.root().resolve("harness/tools/fauxqs/node_modules");
        try (var installed = Files.list(modules)) {
            assertThat(installed.map(module -> module.getFileName().toString())
                .filter(name -> name.matches("node-(linux|darwin)-.+")))
                .containsExactly("node-" + LocalEmulator.platform());
        }
        assertThat(modules.resolve("node-" + LocalEmulator.platform() + "/bin/node")).isExecutable();
    }

    @Test
    void aNodeOnThePathIsEnoughFromFauxqssMinimumOn() {
        List<Integer> minimum = List.of(22, 5, 0);
        assertThat(LocalEmulator.atLeast("22.5.0", minimum)).isTrue();
        assertThat(LocalEmulator.atLeast("22.23.3", minimum)).isTrue();
        assertThat(LocalEmulator.atLeast("24.0.0-nightly", minimum)).isTrue();
        assertThat(LocalEmulator.atLeast("22.4.9", minimum)).isFalse();
        assertThat(LocalEmulator.atLeast("20.19.0", minimum)).isFalse();
    }

}
