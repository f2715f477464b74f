package com.example.events.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schemas of {@code contracts/member-events/schemas}, read from the repository
 * (not copied), so that a test holding a message against them fails as soon as either
 * side drifts from the contract. {@code format} is asserted ({@code date-time} must be
 * one), which JSON Schema 2020-12 leaves optional.
 */
public final class MemberEventSchemas {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private MemberEventSchemas() {
    }

    /**
     * The major part of the contract's version ({@code info.version} of asyncapi.yaml):
     * the {@code schemaVersion} its events carry.
     */
    public static int majorVersion() {
        try {
            Matcher version = Pattern.compile("(?m)^  version: (\\d+)\\.")
                .matcher(Files.readString(contract().resolve("asyncapi.yaml")));
            if (!version.find()) {
                throw new IllegalStateException("No info.version in " + contract().resolve("asyncapi.yaml"));
            }
            return Integer.parseInt(version.group(1));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * {@code contracts/member-events} of this repository, found by walking up from the
     * module being tested.
     */
    public static Path contract() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path contract = dir.resolve("contracts/member-events");
            if (Files.isDirectory(contract.resolve("schemas"))) {
                return contract;
            }
        }
        throw new IllegalStateException("No contracts/member-events above " + Path.of("").toAbsolutePath());
    }

    /**
     * A schema file of the contract, by its path relative to
     * {@code contracts/member-events}.
     */
    public static Schema schema(String relativePath) {
        try {
            return REGISTRY.getSchema(Files.readString(contract().resolve(relativePath)), InputFormat.JSON);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** What is wrong with a message body; empty when it is a valid member event. */
    public static List<String> bodyErrors(String json) {
        return errors(schema("schemas/member-event.schema.json"), JSON.readTree(json));
    }

    /**
     * What is wrong with a message's attributes (name to string value); empty when they
     * are valid.
     */
    public static List<String> attributeErrors(Map<String, String> attributes) {
        return errors(schema("schemas/message-attributes.schema.json"), JSON.valueToTree(attributes));
    }

    public static List<String> errors(Schema schema, JsonNode instance) {
        return schema.validate(instance).stream().map(Error::toString).toList();
    }

}
