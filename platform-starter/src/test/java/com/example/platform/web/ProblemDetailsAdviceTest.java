package com.example.platform.web;

import java.util.UUID;

import com.example.platform.ThingController;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Bad input, answered the same in every service: 400 problem+json with one entry per
 * invalid field, or a malformed request; a service's own problems as it names them;
 * Spring's own answers with a type. In a web slice, as the services' controller tests run
 * it.
 */
@WebMvcTest(ThingController.class)
@AutoConfigureMockMvc(addFilters = false)
class ProblemDetailsAdviceTest {

    @Autowired
    MockMvc mvc;

    @Test
    void everyInvalidFieldIsListed() throws Exception {
        create("{\"name\": \"\", \"count\": -1}").andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.type").value("/problems/validation"))
            .andExpect(jsonPath("$.title").value("Invalid request"))
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.detail").value("The request has 2 invalid field(s)"))
            .andExpect(jsonPath("$.instance").value("/things"))
            .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("name", "count")));
    }

    @Test
    void brokenJsonIsAMalformedRequest() throws Exception {
        create("{\"name\": ").andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.type").value("/problems/malformed-request"))
            .andExpect(jsonPath("$.title").value("Malformed request body"))
            .andExpect(jsonPath("$.detail").value("The request body is not valid JSON for this endpoint"))
            .andExpect(jsonPath("$.errors").doesNotExist());
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.type").value("/problems/malformed-request"))
            .andExpect(jsonPath("$.detail").value("The request body is missing or unreadable"));
    }

    @Test
    void aValueOfTheWrongShapeIsAValidationErrorOnItsField() throws Exception {
        create("{\"name\": \"a\", \"owner\": \"not-a-uuid\"}").andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.type").value("/problems/validation"))
            .andExpect(jsonPath("$.errors[0].field").value("owner"))
            .andExpect(jsonPath("$.errors[0].message").value("is not a valid UUID"));
    }

    @Test
    void aBadUuidInThePathNamesTheParameter() throws Exception {
        mvc.perform(get("/things/42"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.type").value("/problems/validation"))
            .andExpect(jsonPath("$.errors[0].field").value("id"))
            .andExpect(jsonPath("$.errors[0].message").value("'42' is not a valid UUID"));
    }

    @Test
    void aSizeAbove100IsRefusedNotServed() throws Exception {
        mvc.perform(get("/things?page=0&size=101"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.type").value("/problems/validation"))
            .andExpect(jsonPath("$.errors[0].field").value("size"));
        mvc.perform(get("/things?page=-1")).andExpect(jsonPath("$.errors[0].field").value("page"));
        mvc.perform(get("/things?page=0&size=100")).andExpect(status().isOk());
    }

    @Test
    void aMissingRequiredParameterIsAValidationErrorOnThatParameter() throws Exception {
        mvc.perform(get("/things"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.type").value("/problems/validation"))
            .andExpect(jsonPath("$.errors[0].field").value("page"))
            .andExpect(jsonPath("$.errors[0].message").value("is required"));
    }

    @Test
    void aServicesOwnProblemIsAnsweredAsItNamesIt() throws Exception {
        UUID id = UUID.randomUUID();
        mvc.perform(get("/things/" + id))
            .andExpect(status().isNotFound())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.type").value("/problems/thing-not-found"))
            .andExpect(jsonPath("$.title").value("Thing not found"))
            .andExpect(jsonPath("$.detail").value("No thing with id " + id))
            .andExpect(jsonPath("$.instance").value("/things/" + id));
    }

    @Test
    void springsOwnAnswersCarryATypeToo() throws Exception {
        mvc.perform(delete("/things/" + UUID.randomUUID()))
            .andExpect(status().isMethodNotAllowed())
            .andExpect(jsonPath("$.type").value("about:blank"))
            .andExpect(jsonPath("$.status").value(405));
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_FORM_URLENCODED).content("name=a"))
            .andExpect(status().isUnsupportedMediaType())
            .andExpect(jsonPath("$.type").value("about:blank"));
    }

    @Test
    void anUnreachableDatabaseIs503WithRetryAfter() throws Exception {
        mvc.perform(get("/database/unreachable"))
            .andExpect(status().isServiceUnavailable())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(header().string("Retry-After", "2"))
            .andExpect(jsonPath("$.type").value("/problems/database-unavailable"))
            .andExpect(jsonPath("$.title").value("Database unavailable"))
            .andExpect(jsonPath("$.detail").value(Problems.databaseUnavailableDetail(2)))
            .andExpect(jsonPath("$.instance").value("/database/unreachable"));
    }

    @Test
    void anyOtherFailureOfTheDatabaseStaysTheServicesFault() {
        // no advice answers it: the servlet container's 500
        assertThatThrownBy(() -> mvc.perform(get("/database/constraint")))
            .hasCauseInstanceOf(DataIntegrityViolationException.class);
    }

    private ResultActions create(String json) throws Exception {
        return mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content(json));
    }

}
