package com.example.events.infra;

import java.nio.file.Path;
import java.util.List;

import com.example.events.infra.platform.SpringServiceWithDatabase;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** One of the two service stacks, for the checks that hold for both. */
record ServiceCase(ServiceSpec spec, Stack stack, SpringServiceWithDatabase service, Path yaml) {

    static List<ServiceCase> all() {
        InfraApp.Stacks stacks = SynthesizedInfra.stacks();
        return List.of(
                new ServiceCase(ServiceSpec.MEMBER, stacks.memberService(), stacks.memberService().service(),
                        TopologyDriftTest.MEMBER_YAML),
                new ServiceCase(ServiceSpec.RESERVATION, stacks.reservationService(),
                        stacks.reservationService().service(), TopologyDriftTest.RESERVATION_YAML));
    }

    Template template() {
        return SynthesizedInfra.template(stack);
    }

    @Override
    public String toString() {
        return spec.name();
    }
}
