package com.example.events.memberservice.relay;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.example.events.testsupport.MemberEventSchemas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code contracts/member-events/asyncapi.yaml}, the document this service's events are
 * described by, passes the official AsyncAPI parser ({@code @asyncapi/parser}, pinned in
 * {@code harness/tools/asyncapi}) with the schemas it references: a broken document fails
 * the build here. And it is compatible with its last published version
 * ({@code contracts/member-events/published}, compared by
 * {@code harness/tools/asyncapi/compare.mjs} with {@code @asyncapi/diff}): a breaking
 * change fails the build unless it comes with a new major version. The parser needs
 * Node.js 18 or newer on the PATH; it is installed from its lockfile on first use.
 */
class AsyncApiDocumentTest {

    private static final Path CONTRACT = MemberEventSchemas.contract();

    private static final Path VALIDATOR = CONTRACT.resolve("../../harness/tools/asyncapi").normalize();

    @BeforeAll
    static void installTheParser() throws Exception {
        if (Files.isRegularFile(VALIDATOR.resolve("node_modules/@asyncapi/parser/package.json"))
                && Files.isRegularFile(VALIDATOR.resolve("node_modules/@asyncapi/diff/package.json"))) {
            return;
        }
        Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
        assertThat(npm.exitCode()).as("npm ci in " + VALIDATOR + ":\n" + npm.output()).isZero();
    }

    @Test
    void theContractIsAValidAsyncApiDocument() throws Exception {
        Result result = validate(CONTRACT.resolve("asyncapi.yaml"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("valid AsyncAPI 3.1.0");
    }

    @Test
    void aBindingVersionThatDoesNotExistFailsTheValidation(@TempDir Path copy) throws Exception {
        Path document = copyOfTheContract(copy, "bindingVersion: 0.1.0", "bindingVersion: 1.0.0");

        Result result = validate(document);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("bindings.sns.bindingVersion", "not a valid AsyncAPI document");
    }

    @Test
    void aReferenceToASchemaThatIsNotThereFailsTheValidation(@TempDir Path copy) throws Exception {
        Path document = copyOfTheContract(copy, "./schemas/member-event.schema.json", "./schemas/missing.json");

        Result result = validate(document);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("invalid-ref", "missing.json", "not a valid AsyncAPI document");
    }

    // ---- the breaking-change gate: the working contract against its last published
    // version

    @Test
    void theContractIsCompatibleWithItsLastPublishedVersion() throws Exception {
        Result result = compare(CONTRACT.resolve("asyncapi.yaml"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("compatible with").contains(lastPublished().toString());
    }

    @Test
    void aFieldNoLongerRequiredIsABreakingChangeThatNeedsANewMajorVersion(@TempDir Path copy) throws Exception {
        Path document = copyOfTheContract(copy, "version: 1.0.0", "version: 1.1.0");
        editSchema(copy, ", \"memberId\"]", "]");

        Result result = compare(document);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("breaking: remove /components/messages/MemberDeleted/payload/required")
            .contains("raise info.version to 2.0.0");
    }

    @Test
    void anAddedOptionalFieldKeepsTheMajorVersion(@TempDir Path copy) throws Exception {
        Path document = copyOfTheContract(copy, "version: 1.0.0", "version: 1.1.0");
        editSchema(copy, "\"properties\": {", "\"properties\": {\n    \"tier\": {\"type\": \"string\"},");

        Result result = compare(document);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("breaking:");
    }

    @Test
    void aBreakingChangePassesTheGateUnderANewMajorVersion(@TempDir Path copy) throws Exception {
        Path document = copyOfTheContract(copy, "version: 1.0.0", "version: 2.0.0");
        editSchema(copy, ", \"memberId\"]", "]");

        Result result = compare(document);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("under a new major version 2.0.0");
    }

    /** The newest version under contracts/member-events/published. */
    static Path lastPublished() throws IOException {
        try (var versions = Files.list(CONTRACT.resolve("published"))) {
            return versions
                .max(Comparator.comparing(version -> Runtime.Version.parse(version.getFileName().toString())))
                .orElseThrow()
                .resolve("asyncapi.yaml");
        }
    }

    private static void editSchema(Path copy, String from, String to) throws IOException {
        Path schema = copy.resolve("schemas/member-event.schema.json");
        String original = Files.readString(schema);
        assertThat(original).contains(from);
        Files.writeString(schema, original.replace(from, to));
    }

    private static Result compare(Path working) throws Exception {
        return run(List.of("node", "compare.mjs", lastPublished().toAbsolutePath().toString(),
                working.toAbsolutePath().toString()));
    }

    /**
     * The document and the schemas it references, side by side as in the repository, with
     * one change.
     */
    private static Path copyOfTheContract(Path directory, String from, String to) throws IOException {
        String original = Files.readString(CONTRACT.resolve("asyncapi.yaml"));
        assertThat(original).contains(from);
        Files.createDirectories(directory.resolve("schemas"));
        try (var schemas = Files.list(CONTRACT.resolve("schemas"))) {
            for (Path schema : schemas.toList()) {
                Files.copy(schema, directory.resolve("schemas").resolve(schema.getFileName()));
            }
        }
        Path document = directory.resolve("asyncapi.yaml");
        Files.writeString(document, original.replace(from, to));
        return document;
    }

    private static Result validate(Path document) throws Exception {
        return run(List.of("node", "validate.mjs", document.toAbsolutePath().toString()));
    }

    private static Result run(List<String> command) throws Exception {
        Path output = Files.createTempFile("asyncapi-", ".log");
        try {
            // not inheritIO: node puts an inherited stdin into non-blocking mode, which
            // breaks the test fork's channel
            Process process = new ProcessBuilder(command).directory(VALIDATOR.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within 5 minutes");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        }
        finally {
            Files.deleteIfExists(output);
        }
    }

    private record Result(int exitCode, String output) {
    }

}
