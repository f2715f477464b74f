package com.example.events.memberservice.member;

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
@RequestMapping("/members")
@Tag(name = "Members")
class MemberController {

    private final Members members;

    MemberController(Members members) {
        this.members = members;
    }

    @PostMapping
    @Operation(summary = "Register a member", description = "Publishes MemberRegistered.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json",
                    examples = @ExampleObject(name = "register", ref = "#/components/examples/RegisterMember"))))
    @ApiResponse(responseCode = "201", description = "Registered", useReturnTypeSchema = true,
            headers = @Header(name = "Location", description = "/members/{id}"),
            content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(name = "member", ref = "#/components/examples/Member")))
    @ApiResponse(responseCode = "400", ref = "BadRequest")
    @ApiResponse(responseCode = "409", ref = "DuplicateEmail")
    ResponseEntity<MemberResponse> register(@Valid @RequestBody RegisterMemberRequest request) {
        MemberResponse member = MemberResponse.of(members.register(request));
        return ResponseEntity.created(URI.create("/members/" + member.id())).body(member);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One member")
    @ApiResponse(responseCode = "200", description = "The member", useReturnTypeSchema = true,
            content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(name = "member", ref = "#/components/examples/Member")))
    @ApiResponse(responseCode = "400", ref = "BadRequest")
    @ApiResponse(responseCode = "404", ref = "MemberNotFound")
    MemberResponse get(@PathVariable UUID id) {
        return MemberResponse.of(members.get(id));
    }

    @GetMapping
    @Operation(summary = "Members, oldest first", description = "size is at most 100.")
    @ApiResponse(responseCode = "200", description = "One page", useReturnTypeSchema = true,
            content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(name = "page", ref = "#/components/examples/MemberPage")))
    @ApiResponse(responseCode = "400", ref = "BadRequest")
    PagedModel<MemberResponse> page(@RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        var pageable = PageRequest.of(page, size, Sort.by("createdAt", "id"));
        return new PagedModel<>(members.page(pageable).map(MemberResponse::of));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a member", description = "Publishes MemberDeleted.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", ref = "BadRequest")
    @ApiResponse(responseCode = "404", ref = "MemberNotFound")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        members.delete(id);
        return ResponseEntity.noContent().build();
    }

}
