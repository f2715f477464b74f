package com.example.events.memberservice.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Cases no member-service endpoint can provoke yet, answered as reservation-service
 * answers them.
 */
class ProblemDetailsAdviceTest {

    @RestController
    static class Probe {

        @GetMapping("/probe")
        String probe(@RequestParam String required) {
            return required;
        }

    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Probe())
        .setControllerAdvice(new ProblemDetailsAdvice())
        .build();

    @Test
    void aMissingRequiredParameterIsAValidationErrorOnThatParameter() throws Exception {
        mvc.perform(get("/probe"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.type").value("/problems/validation"))
            .andExpect(jsonPath("$.title").value("Invalid request"))
            .andExpect(jsonPath("$.detail").value("The request has 1 invalid field(s)"))
            .andExpect(jsonPath("$.errors[0].field").value("required"))
            .andExpect(jsonPath("$.errors[0].message").value("is required"));
    }

}
