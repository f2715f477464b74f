package com.example.events.memberservice.member;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The web layer alone: binding, validation and the problem+json shape, with the service
 * mocked at its edge.
 */
@WebMvcTest(MemberController.class)
@AutoConfigureMockMvc(addFilters = false)
class MemberControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Members members;

    @Test
    void aValidRegistrationAnswersCreatedWithLocation() throws Exception {
        var member = new Member("Kim Minji", "minji@example.com", Instant.parse("2026-11-24T09:15:00Z"));
        given(members.register(any())).willReturn(member);

        mvc.perform(post("/members").contentType(MediaType.APPLICATION_JSON)
            .content("{\"name\": \"Kim Minji\", \"email\": \"minji@example.com\"}"))
            .andExpect(status().isCreated())
            .andExpect(header().string("Location", "/members/" + member.getId()))
            .andExpect(jsonPath("$.id").value(member.getId().toString()))
            .andExpect(jsonPath("$.createdAt").value("2026-11-24T09:15:00Z"));
    }

    @Test
    void everyInvalidFieldIsListedAndTheServiceIsNotCalled() throws Exception {
        mvc.perform(post("/members").contentType(MediaType.APPLICATION_JSON)
            .content("{\"name\": \"\", \"email\": \"nope\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.type").value("/problems/validation"))
            .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("name", "email")));
        verifyNoInteractions(members);
    }

    @Test
    void aBadUuidNamesTheParameter() throws Exception {
        mvc.perform(get("/members/42"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.errors[0].field").value("id"));
        verifyNoInteractions(members);
    }

    @Test
    void aNegativePageIsRejected() throws Exception {
        mvc.perform(get("/members?page=-1"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.errors[0].field").value("page"));
    }

}
