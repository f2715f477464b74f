package com.example.events.reservationservice.reservation;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Request validation and its problem+json answers; the service behind the controller is
 * never reached.
 */
@WebMvcTest(ReservationController.class)
@AutoConfigureMockMvc(addFilters = false)
class ReservationControllerTest {

    private static final UUID MEMBER = UUID.fromString("0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Reservations reservations;

    @Test
    void aValidRequestCreates() throws Exception {
        var reservation = new Reservation(MEMBER, "court-3", Instant.parse("2030-01-01T10:00:00Z"),
                Instant.parse("2030-01-01T11:00:00Z"), Instant.parse("2029-12-01T00:00:00Z"));
        given(reservations.create(any())).willReturn(reservation);

        create(body(MEMBER.toString(), "court-3", "2030-01-01T10:00:00Z", "2030-01-01T11:00:00Z"))
            .andExpect(status().isCreated())
            .andExpect(header().string("Location", "/reservations/" + reservation.getId()))
            .andExpect(jsonPath("$.id").value(reservation.getId().toString()))
            .andExpect(jsonPath("$.memberId").value(MEMBER.toString()))
            .andExpect(jsonPath("$.resource").value("court-3"))
            .andExpect(jsonPath("$.startsAt").value("2030-01-01T10:00:00Z"))
            .andExpect(jsonPath("$.endsAt").value("2030-01-01T11:00:00Z"))
            .andExpect(jsonPath("$.createdAt").value("2029-12-01T00:00:00Z"));
    }

    @Test
    void malformedJsonIsAMalformedRequest() throws Exception {
        create("{\"memberId\": ").andExpect(status().isBadRequest())
            .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
            .andExpect(jsonPath("$.type").value("/problems/malformed-request"))
            .andExpect(jsonPath("$.status").value(400));
        verifyNoInteractions(reservations);
    }

    @Test
    void missingFieldsAreListed() throws Exception {
        invalid(create("{}"), "memberId", "resource", "startsAt", "endsAt");
    }

    @Test
    void aBadUuidIsAnInvalidField() throws Exception {
        invalid(create(body("not-a-uuid", "court-3", "2030-01-01T10:00:00Z", "2030-01-01T11:00:00Z")), "memberId");
    }

    @Test
    void aBadInstantIsAnInvalidField() throws Exception {
        invalid(create(body(MEMBER.toString(), "court-3", "2030-01-01 10:00", "2030-01-01T11:00:00Z")), "startsAt");
    }

    @Test
    void endsAtMustBeAfterStartsAt() throws Exception {
        invalid(create(body(MEMBER.toString(), "court-3", "2030-01-01T10:00:00Z", "2030-01-01T10:00:00Z")), "endsAt");
        invalid(create(body(MEMBER.toString(), "court-3", "2030-01-01T10:00:00Z", "2030-01-01T09:00:00Z")), "endsAt");
    }

    @Test
    void theResourceIsNotBlankAndAtMostAHundredCharacters() throws Exception {
        invalid(create(body(MEMBER.toString(), " ", "2030-01-01T10:00:00Z", "2030-01-01T11:00:00Z")), "resource");
        invalid(create(body(MEMBER.toString(), "r".repeat(101), "2030-01-01T10:00:00Z", "2030-01-01T11:00:00Z")),
                "resource");
    }

    @Test
    void pagesAreAtMostAHundred() throws Exception {
        invalid(mvc.perform(get("/reservations").param("memberId", MEMBER.toString()).param("size", "101")), "size");
        invalid(mvc.perform(get("/reservations").param("memberId", "x")), "memberId");
        invalid(mvc.perform(get("/reservations")), "memberId");
    }

    @Test
    void aBadIdInThePathIsAnInvalidField() throws Exception {
        invalid(mvc.perform(get("/reservations/42")), "id");
    }

    private ResultActions create(String json) throws Exception {
        return mvc.perform(post("/reservations").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private void invalid(ResultActions result, String... fields) throws Exception {
        result.andExpect(status().isBadRequest())
            .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
            .andExpect(jsonPath("$.type").value("/problems/validation"))
            .andExpect(jsonPath("$.title").value("Invalid request"))
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.detail").isNotEmpty())
            .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder((Object[]) fields)))
            .andExpect(jsonPath("$.errors[*].message").isNotEmpty());
        verifyNoInteractions(reservations);
    }

    private static String body(String memberId, String resource, String startsAt, String endsAt) {
        return """
                {"memberId": "%s", "resource": "%s", "startsAt": "%s", "endsAt": "%s"}
                """.formatted(memberId, resource, startsAt, endsAt);
    }

}
