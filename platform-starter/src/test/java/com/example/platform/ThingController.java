package com.example.platform;

import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.example.platform.web.ProblemException;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An endpoint for each kind of input and failure the platform answers for every service.
 */
@RestController
public class ThingController {

    /** Holds every {@code GET /slow} in progress until counted down. */
    public static volatile CountDownLatch held = new CountDownLatch(0);

    public record Thing(@NotBlank String name, @Positive Integer count, UUID owner) {
    }

    static class ThingNotFoundException extends ProblemException {

        ThingNotFoundException(UUID id) {
            super(HttpStatus.NOT_FOUND, "/problems/thing-not-found", "Thing not found", "No thing with id " + id);
        }

    }

    @PostMapping("/things")
    @ApiResponse(responseCode = "400", ref = "BadRequest")
    Thing create(@Valid @RequestBody Thing thing) {
        return thing;
    }

    @GetMapping("/things/{id}")
    Thing get(@PathVariable UUID id) {
        throw new ThingNotFoundException(id);
    }

    @GetMapping("/things")
    String page(@RequestParam @Min(0) int page, @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return page + "/" + size;
    }

    @GetMapping("/database/unreachable")
    @ApiResponse(responseCode = "503", ref = "DatabaseUnavailable")
    String unreachable() {
        throw new DataAccessResourceFailureException("Connection refused",
                new SQLException("Connection to localhost:5432 refused", "08001"));
    }

    @GetMapping("/database/constraint")
    String constraint() {
        throw new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505"));
    }

    @GetMapping("/slow")
    String slow() throws InterruptedException {
        return held.await(60, TimeUnit.SECONDS) ? "released" : "timed out";
    }

    @GetMapping("/admin/things")
    @ApiResponse(responseCode = "401", ref = "Unauthorized")
    String adminThings() {
        return "admin";
    }

    @PostMapping("/admin/things")
    @ApiResponse(responseCode = "401", ref = "Unauthorized")
    Thing adminCreate(@RequestBody Thing thing) {
        return thing;
    }

}
