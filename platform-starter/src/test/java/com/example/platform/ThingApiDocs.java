package com.example.platform;

import com.example.platform.openapi.ProblemDocs;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The test service's own part of its OpenAPI document, as a service writes it. */
@Configuration(proxyBeanMethods = false)
class ThingApiDocs {

    @Bean
    OpenAPI thingApi() {
        return new OpenAPI().info(new Info().title("things").version("1"))
            .components(new Components().addResponses("BadRequest", ProblemDocs
                .badRequest("Malformed JSON, a missing or invalid field", "/things", "name", "must not be blank")));
    }

}
