package com.example.events.memberservice.member;

import java.util.UUID;

/**
 * Published in the deleting transaction: a listener that writes joins it and commits or
 * rolls back with it.
 */
public record MemberDeleted(UUID memberId) {
}
