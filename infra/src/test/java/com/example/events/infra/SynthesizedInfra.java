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
 * The apps the tests look at, composed exactly as InfraApp does and synthesized once per
 * test JVM (booting jsii and synthesizing takes seconds, so every test class shares
 * them). No Docker, no credentials, no network: explicit account and region, availability
 * zones given as context instead of looked up.
 *
 * <ul>
 * <li>{@link #stacks()}: a deploy with nothing but {@code -c imageTag}: internal load
 * balancers, the stack's own Cognito user pool, single-AZ databases.
 * <li>{@link #staging()}: a second environment in the same account and app
 * ({@code -c env=staging}) with every option given: certificate, domain and zone, admin
 * CIDRs, alarm e-mail, an existing issuer, Multi-AZ databases. Beside it in that app,
 * {@link #prodBesideStaging()}, so that the two can be checked for clashing names.
 * </ul>
 */
final class SynthesizedInfra {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    static final String IMAGE_TAG = "1.2.3-test";

    static final String CERTIFICATE_ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/test";
    static final String DOMAIN = "staging.example.com";
    static final String HOSTED_ZONE_ID = "Z0123456789TEST";
    static final List<String> ADMIN_CIDRS = List.of("203.0.113.0/24", "198.51.100.7/32", "192.0.2.0/28",
            "198.51.100.64/26");
    static final String ALARM_EMAIL = "oncall@example.com";
    static final String ISSUER = "https://issuer.example.com/realms/events";

    static Map<String, Object> context(Map<String, Object> more) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(DeploymentSettings.IMAGE_TAG_CONTEXT, IMAGE_TAG);
        context.put("availability-zones:account=" + ACCOUNT + ":region=" + REGION,
                List.of(REGION + "a", REGION + "b", REGION + "c"));
        context.putAll(more);
        return context;
    }

    static Map<String, Object> stagingContext() {
        return context(Map.of(DeploymentSettings.ENVIRONMENT_CONTEXT, "staging", "certificateArn", CERTIFICATE_ARN,
                "domainName", DOMAIN, "hostedZoneId", HOSTED_ZONE_ID, "adminCidrs", String.join(",", ADMIN_CIDRS),
                "alarmEmail", ALARM_EMAIL, "oauthIssuer", ISSUER, "databaseMultiAz", "true"));
    }

    static Environment environment() {
        return Environment.builder().account(ACCOUNT).region(REGION).build();
    }

    private static final class Holder {

        static final SynthesizedInfra DEFAULT = new SynthesizedInfra(false);

    }

    private static final class TwoEnvironments {

        static final SynthesizedInfra INSTANCE = new SynthesizedInfra(true);

    }

    private final InfraApp.Stacks stacks;

    private final InfraApp.Stacks staging;

    private final Map<String, Template> templates = new LinkedHashMap<>();

    private final List<String> problems = new ArrayList<>();

    private SynthesizedInfra(boolean twoEnvironments) {
        App app = InfraApp.newApp(context(Map.of()));
        this.stacks = InfraApp.compose(app, environment());
        this.staging = twoEnvironments ? InfraApp.compose(app, environment(), DeploymentSettings.from(stagingContext()))
                : null;
        CloudAssembly assembly = app.synth();
        List<Stack> all = new ArrayList<>(stacks.all());
        if (staging != null) {
            all.addAll(staging.all());
        }
        for (Stack stack : all) {
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

    static InfraApp.Stacks stacks() {
        return Holder.DEFAULT.stacks;
    }

    static Template template(Stack stack) {
        Template template = Holder.DEFAULT.templates.get(stack.getStackName());
        if (template == null || !Holder.DEFAULT.stacks.all().contains(stack)) {
            template = TwoEnvironments.INSTANCE.templates.get(stack.getStackName());
        }
        return template;
    }

    /** Warnings and errors CDK attached to constructs while synthesizing. */
    static List<String> synthesisProblems() {
        List<String> problems = new ArrayList<>(Holder.DEFAULT.problems);
        problems.addAll(TwoEnvironments.INSTANCE.problems);
        return problems;
    }

    /** Every stack's template of the default deploy, by stack name. */
    static Map<String, Template> templates() {
        return Map.copyOf(Holder.DEFAULT.templates);
    }

    static InfraApp.Stacks staging() {
        return TwoEnvironments.INSTANCE.staging;
    }

    static InfraApp.Stacks prodBesideStaging() {
        return TwoEnvironments.INSTANCE.stacks;
    }

    /** Every stack's template of the app holding both environments. */
    static Map<String, Template> twoEnvironmentTemplates() {
        return Map.copyOf(TwoEnvironments.INSTANCE.templates);
    }

}
