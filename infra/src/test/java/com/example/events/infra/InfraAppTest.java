package com.example.events.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.FeatureFlags;

class InfraAppTest {

    @Test
    void aSynthWithoutAnImageTagFailsSayingWhatToGive() {
        App app = InfraApp.newApp(Map.of());
        assertThatThrownBy(() -> InfraApp.compose(app, SynthesizedInfra.environment()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("-c imageTag=<tag> is required");
        assertThatThrownBy(() -> DeploymentSettings.from(Map.of("imageTag", " ")))
            .hasMessageContaining("-c imageTag=<tag> is required");
        assertThat(DeploymentSettings.from(Map.of("imageTag", "3f2c1a9")).imageTag()).isEqualTo("3f2c1a9");
    }

    @Test
    void badOptionsFailTheSynthWithAClearMessage() {
        assertThatThrownBy(() -> DeploymentSettings.from(Map.of("imageTag", "t", "env", "Staging_1")))
            .hasMessageContaining("-c env=Staging_1 is not an environment name");
        assertThatThrownBy(() -> DeploymentSettings
            .from(Map.of("imageTag", "t", "certificateArn", "arn:x", "adminCidrs", "203.0.113.0")))
            .hasMessageContaining("203.0.113.0 is not an IPv4 CIDR");
        assertThatThrownBy(() -> DeploymentSettings.from(Map.of("imageTag", "t", "domainName", "example.com")))
            .hasMessageContaining("give -c certificateArn too");
    }

    @Test
    void featureFlagsCannotBeSwitchedOffFromTheCommandLine() {
        App app = InfraApp.newApp(Map.of("@aws-cdk/aws-sns-subscriptions:restrictSqsDescryption", false));
        assertThat(FeatureFlags.of(app).isEnabled("@aws-cdk/aws-sns-subscriptions:restrictSqsDescryption")).isTrue();
    }

    @Test
    void synthesizesWithoutWarnings() {
        assertThat(SynthesizedInfra.synthesisProblems()).isEmpty();
    }

    @Test
    void stacksAreSplitByOwningTeam() {
        InfraApp.Stacks stacks = SynthesizedInfra.stacks();
        assertThat(stacks.all()).extracting(s -> s.getStackName())
            .containsExactly("EventsPlatform", "MemberMessaging", "ReservationMessaging", "MemberService",
                    "ReservationService");
        assertThat(stacks.platform().getTags().tagValues()).containsEntry("team", "platform");
        assertThat(stacks.memberMessaging().getTags().tagValues()).containsEntry("team", "member");
        assertThat(stacks.memberService().getTags().tagValues()).containsEntry("team", "member");
        assertThat(stacks.reservationMessaging().getTags().tagValues()).containsEntry("team", "reservation");
        assertThat(stacks.reservationService().getTags().tagValues()).containsEntry("team", "reservation");
        // the consumer's stack depends on the producer's, never the other way round
        assertThat(stacks.reservationMessaging().getDependencies()).contains(stacks.memberMessaging());
        assertThat(stacks.memberMessaging().getDependencies()).isEmpty();
    }

}
