package com.example.events.memberservice.member;

import java.net.URI;
import java.util.UUID;

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
class MemberController {

    private final Members members;

    MemberController(Members members) {
        this.members = members;
    }

    @PostMapping
    ResponseEntity<MemberResponse> register(@Valid @RequestBody RegisterMemberRequest request) {
        MemberResponse member = MemberResponse.of(members.register(request));
        return ResponseEntity.created(URI.create("/members/" + member.id())).body(member);
    }

    @GetMapping("/{id}")
    MemberResponse get(@PathVariable UUID id) {
        return MemberResponse.of(members.get(id));
    }

    @GetMapping
    PagedModel<MemberResponse> page(@RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        var pageable = PageRequest.of(page, size, Sort.by("createdAt", "id"));
        return new PagedModel<>(members.page(pageable).map(MemberResponse::of));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        members.delete(id);
        return ResponseEntity.noContent().build();
    }
}
