package com.example.events.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;

/**
 * The whole app, composed exactly as InfraApp does and synthesized once per test JVM:
 * booting jsii and synthesizing five stacks takes seconds, so every test class shares
 * this one. No Docker, no credentials, no network: explicit account and region,
 * availability zones given as context instead of looked up.
 */
final class SynthesizedInfra {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    static final String IMAGE_TAG = "1.2.3-test";

    private static final class Holder {

        static final SynthesizedInfra INSTANCE = new SynthesizedInfra();

    }

    private final InfraApp.Stacks stacks;

    private final Map<String, Template> templates = new LinkedHashMap<>();

    private final List<String> problems = new ArrayList<>();

    private SynthesizedInfra() {
        App app = InfraApp.newApp(Map.of(InfraApp.IMAGE_TAG_CONTEXT, IMAGE_TAG,
                "availability-zones:account=" + ACCOUNT + ":region=" + REGION,
                List.of(REGION + "a", REGION + "b", REGION + "c")));
        this.stacks = InfraApp.compose(app, Environment.builder().account(ACCOUNT).region(REGION).build());
        CloudAssembly assembly = app.synth();
        for (Stack stack : stacks.all()) {
            CloudFormationStackArtifact artifact = assembly.getStackByName(stack.getStackName());
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) artifact.getTemplate();
            templates.put(stack.getStackName(), Template.fromJSON(json));
            for (SynthesisMessage message : artifact.getMessages()) {
                if (message.getLevel() != SynthesisMessageLevel.INFO) {
                    problems.add(message.getLevel() + " " + message.getId() + ": " + message.getEntry().getData());
                }
            }
        }
    }

    static SynthesizedInfra get() {
        return Holder.INSTANCE;
    }

    static InfraApp.Stacks stacks() {
        return get().stacks;
    }

    static Template template(Stack stack) {
        return get().templates.get(stack.getStackName());
    }

    /** Warnings and errors CDK attached to constructs while synthesizing. */
    static List<String> synthesisProblems() {
        return List.copyOf(get().problems);
    }

    /** Every stack's template, by stack name. */
    static Map<String, Template> templates() {
        return Map.copyOf(get().templates);
    }

}
