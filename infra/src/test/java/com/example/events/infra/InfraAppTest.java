package com.example.events.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.FeatureFlags;

class InfraAppTest {

    @Test
    void imageTagComesFromContextAndDefaultsToLatest() {
        assertThat(InfraApp.imageTag(InfraApp.newApp(Map.of()))).isEqualTo("latest");
        assertThat(InfraApp.imageTag(InfraApp.newApp(Map.of("imageTag", "3f2c1a9")))).isEqualTo("3f2c1a9");
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
