package com.example.events.localsystem;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Where this repository's checkout is: the emulator is pinned in it and the services are
 * built in it.
 */
public final class Repository {

    private static final String MARKER = "harness/tools/fauxqs/package-lock.json";

    private Repository() {
    }

    /**
     * The first directory holding {@value #MARKER}, looking up from the working
     * directory, then from where this class was loaded (so the launcher jar finds its
     * checkout wherever it is started from).
     */
    public static Path root() {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of(System.getProperty("user.dir")).toAbsolutePath());
        codeLocation().ifPresent(starts::add);
        for (Path start : starts) {
            for (Path candidate = start; candidate != null; candidate = candidate.getParent()) {
                if (Files.isRegularFile(candidate.resolve(MARKER))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("No " + MARKER + " above " + starts.getFirst()
                + ": the local SNS/SQS emulator is pinned there; run this from inside the repository");
    }

    /**
     * The packaged jar of a service module:
     * {@code <module>/target/<module>-<version>.jar}.
     */
    static Path serviceJar(String module) {
        Path target = root().resolve(module).resolve("target");
        try (var files = Files.list(target)) {
            return files.filter(path -> {
                String name = path.getFileName().toString();
                return name.startsWith(module + "-") && name.endsWith(".jar") && !name.endsWith("-plain.jar")
                        && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar")
                        && !name.endsWith("-tests.jar");
            }).findFirst().orElseThrow();
        }
        catch (IOException | NoSuchElementException ex) {
            throw new IllegalStateException("No " + module + " jar in " + target + ": build it first (./mvnw -pl "
                    + module + " -am package -DskipTests)", ex);
        }
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = Repository.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty()
                    : Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
        }
        catch (URISyntaxException | RuntimeException ex) {
            // e.g. a nested jar URI with no file system behind it: the working directory
            // has to do
            return Optional.empty();
        }
    }

}
