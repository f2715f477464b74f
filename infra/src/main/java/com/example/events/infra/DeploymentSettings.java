package com.example.events.infra;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import software.amazon.awscdk.App;

/**
 * What one deployment is, from the app's context ({@code cdk deploy -c key=value}); every
 * stack reads it from here. Invalid or missing values fail the synth with a message that
 * says which {@code -c} to give.
 *
 * @param environment {@code -c env=...}: its name; everything that has a fixed name in
 * the account (stacks, topic, queues, image repositories, metric namespaces, the sign-in
 * domain) carries it, except in {@value #DEFAULT_ENVIRONMENT}, which keeps the names the
 * services use locally
 * @param imageTag {@code -c imageTag=...}: the image both services run (required)
 * @param certificateArn {@code -c certificateArn=...}: an ACM certificate in the stacks'
 * region; with it the load balancers are internet-facing behind HTTPS, without it they
 * are internal
 * @param domainName {@code -c domainName=...}: the services answer as member.DOMAIN and
 * reservation.DOMAIN (the certificate must cover both)
 * @param hostedZoneId {@code -c hostedZoneId=...}: the Route 53 zone of domainName; with
 * it the stacks create the two alias records, without it you point DNS at the load
 * balancers yourself
 * @param adminCidrs {@code -c adminCidrs=203.0.113.0/24,...}: the addresses from which an
 * internet-facing load balancer routes /admin and /actuator (health included) at all
 * @param alarmEmail {@code -c alarmEmail=...}: subscribed to the alarm topic
 * @param oauthIssuer {@code -c oauthIssuer=https://...}: an existing OAuth2 issuer the
 * services trust instead of the Cognito user pool the platform stack would create
 * @param databaseMultiAz {@code -c databaseMultiAz=true}: both databases with a standby
 * in a second availability zone
 * @param memberDatabaseInstanceType {@code -c memberDatabaseInstanceType=t4g.small}
 * @param reservationDatabaseInstanceType {@code -c reservationDatabaseInstanceType=...}
 */
public record DeploymentSettings(String environment, String imageTag, Optional<String> certificateArn,
        Optional<String> domainName, Optional<String> hostedZoneId, List<String> adminCidrs,
        Optional<String> alarmEmail, Optional<String> oauthIssuer, boolean databaseMultiAz,
        String memberDatabaseInstanceType, String reservationDatabaseInstanceType) {

    public static final String DEFAULT_ENVIRONMENT = "prod";

    public static final String ENVIRONMENT_CONTEXT = "env";

    public static final String IMAGE_TAG_CONTEXT = "imageTag";

    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[a-z][a-z0-9]{0,11}");

    private static final Pattern CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}");

    public DeploymentSettings {
        Objects.requireNonNull(environment, "environment");
        if (!ENVIRONMENT_NAME.matcher(environment).matches()) {
            throw new IllegalArgumentException("-c env=" + environment
                    + " is not an environment name: 1 to 12 lower-case letters and digits, starting with a letter");
        }
        if (imageTag == null || imageTag.isBlank()) {
            throw new IllegalArgumentException("-c imageTag=<tag> is required: the tag of the images pushed for "
                    + "this deploy (e.g. -c imageTag=$(git rev-parse --short HEAD)); see infra/README.md");
        }
        adminCidrs = List.copyOf(adminCidrs);
        for (String cidr : adminCidrs) {
            if (!CIDR.matcher(cidr).matches()) {
                throw new IllegalArgumentException("-c adminCidrs: " + cidr + " is not an IPv4 CIDR (a.b.c.d/n)");
            }
        }
        if (hostedZoneId.isPresent() && domainName.isEmpty()) {
            throw new IllegalArgumentException("-c hostedZoneId needs -c domainName, the zone's name");
        }
        if (certificateArn.isEmpty() && (domainName.isPresent() || !adminCidrs.isEmpty())) {
            throw new IllegalArgumentException(
                    "-c domainName and -c adminCidrs apply to internet-facing load balancers: give -c certificateArn too");
        }
    }

    /** Reads the settings from the app's context, as {@code -c} sets them. */
    public static DeploymentSettings from(App app) {
        return from(key -> app.getNode().tryGetContext(key));
    }

    /** The same from a plain map: what {@code -c} would pass. */
    public static DeploymentSettings from(Map<String, ?> context) {
        return from(context::get);
    }

    private static DeploymentSettings from(Function<String, Object> context) {
        Function<String, Optional<String>> text = key -> Optional.ofNullable(context.apply(key))
            .map(String::valueOf)
            .map(String::trim)
            .filter(value -> !value.isEmpty());
        return new DeploymentSettings(text.apply(ENVIRONMENT_CONTEXT).orElse(DEFAULT_ENVIRONMENT),
                text.apply(IMAGE_TAG_CONTEXT).orElse(null), text.apply("certificateArn"), text.apply("domainName"),
                text.apply("hostedZoneId"),
                text.apply("adminCidrs")
                    .map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                    .orElse(List.of()),
                text.apply("alarmEmail"), text.apply("oauthIssuer"),
                Boolean.parseBoolean(text.apply("databaseMultiAz").orElse("false")),
                text.apply("memberDatabaseInstanceType").orElse("t4g.micro"),
                text.apply("reservationDatabaseInstanceType").orElse("t4g.small"));
    }

    public boolean internetFacing() {
        return certificateArn.isPresent();
    }

    /**
     * A name that is fixed in the account: as it is in {@value #DEFAULT_ENVIRONMENT},
     * with the environment's name appended in any other.
     */
    public String qualify(String name) {
        return DEFAULT_ENVIRONMENT.equals(environment) ? name : name + "-" + environment;
    }

    /** Where the services' meters go in CloudWatch. */
    public String metricsNamespace(ServiceSpec service) {
        return "member-reservation-events/" + environment + "/" + service.name();
    }

}
