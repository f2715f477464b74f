package com.example.events.memberservice.member;

import java.util.UUID;

/**
 * Published in the registering transaction: a listener that writes joins it and commits
 * or rolls back with it.
 */
public record MemberRegistered(UUID memberId) {
}
