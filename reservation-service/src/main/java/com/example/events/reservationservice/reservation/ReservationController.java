package com.example.events.reservationservice.reservation;

import java.net.URI;
import java.util.UUID;

import com.example.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/reservations")
@Tag(name = "Reservations")
@ApiResponse(responseCode = "503", ref = "DatabaseUnavailable")
class ReservationController {

    private final Reservations reservations;

    ReservationController(Reservations reservations) {
        this.reservations = reservations;
    }

    @PostMapping
    @Operation(summary = "Reserve a resource",
            description = "For a member this service knows from events; times " + "are ISO-8601 instants.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json",
                    examples = @ExampleObject(name = "reserve", ref = "#/components/examples/CreateReservation"))))
    @ApiResponse(responseCode = "201", description = "Reserved", useReturnTypeSchema = true,
            headers = @Header(name = "Location", description = "/reservations/{id}"),
            content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(name = "reservation", ref = "#/components/examples/Reservation")))
    @ApiResponse(responseCode = "400", ref = "BadRequest")
    @ApiResponse(responseCode = "409", ref = "ReservationOverlap")
    @ApiResponse(responseCode = "422", ref = "MemberNotUsable")
    ResponseEntity<ReservationResponse> create(@Valid @RequestBody CreateReservationRequest request) {
        ReservationResponse reservation = ReservationResponse.of(reservations.create(request));
        return ResponseEntity.created(URI.create("/reservations/" + reservation.id())).body(reservation);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One reservation")
    @ApiResponse(responseCode = "200", description = "The reservation", useReturnTypeSchema = true,
            content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(name = "reservation", ref = "#/components/examples/Reservation")))
    @ApiResponse(responseCode = "400", ref = "BadRequest")
    @ApiResponse(responseCode = "404", ref = "ReservationNotFound")
    ReservationResponse get(@PathVariable UUID id) {
        return ReservationResponse.of(reservations.get(id));
    }

    @GetMapping
    @Operation(summary = "A member's reservations, earliest first", description = "size is at most 100.")
    @ApiResponse(responseCode = "200", description = "One page", useReturnTypeSchema = true,
            content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(name = "page", ref = "#/components/examples/ReservationPage")))
    @ApiResponse(responseCode = "400", ref = "BadRequest")
    PagedModel<ReservationResponse> pageOfMember(@RequestParam UUID memberId,
            @RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        var pageable = PageRequest.of(page, size, Sort.by("startsAt", "id"));
        return new PagedModel<>(reservations.pageOfMember(memberId, pageable).map(ReservationResponse::of));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Cancel a reservation")
    @ApiResponse(responseCode = "204", description = "Cancelled")
    @ApiResponse(responseCode = "400", ref = "BadRequest")
    @ApiResponse(responseCode = "404", ref = "ReservationNotFound")
    ResponseEntity<Void> cancel(@PathVariable UUID id) {
        reservations.cancel(id);
        return ResponseEntity.noContent().build();
    }

}
