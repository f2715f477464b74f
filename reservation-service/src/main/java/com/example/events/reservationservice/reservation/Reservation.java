package com.example.events.reservationservice.reservation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

@Entity
@Table(name = "reservation")
class Reservation implements Persistable<UUID> {

    @Id
    private UUID id;

    @Column(name = "member_id", nullable = false)
    private UUID memberId;

    @Column(nullable = false, length = 100)
    private String resource;

    @Column(name = "starts_at", nullable = false)
    private Instant startsAt;

    @Column(name = "ends_at", nullable = false)
    private Instant endsAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    // The id is assigned here, not by the database, so save() must not first look for an
    // existing row.
    @Transient
    private boolean isNew = true;

    protected Reservation() {
    }

    Reservation(UUID memberId, String resource, Instant startsAt, Instant endsAt, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.memberId = memberId;
        this.resource = resource;
        this.startsAt = startsAt;
        this.endsAt = endsAt;
        this.createdAt = createdAt;
    }

    @Override
    public UUID getId() {
        return id;
    }

    UUID getMemberId() {
        return memberId;
    }

    String getResource() {
        return resource;
    }

    Instant getStartsAt() {
        return startsAt;
    }

    Instant getEndsAt() {
        return endsAt;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void markNotNew() {
        this.isNew = false;
    }

}
