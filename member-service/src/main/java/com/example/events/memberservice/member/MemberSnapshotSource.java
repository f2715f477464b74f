package com.example.events.memberservice.member;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Members as they are, for whoever emits a snapshot of them. Every read locks the rows it
 * returns for share until the caller's transaction ends: a deletion of one of them waits
 * for that commit, so its {@code MemberDeleted} is appended after, and gets a higher
 * sequence than, the snapshot appended in the same transaction as the read; a deletion
 * that committed first leaves no row to read. A snapshot therefore never outlives the
 * member it shows. Registrations are not held up: they take no lock a share lock
 * conflicts with.
 */
@Component
public class MemberSnapshotSource {

    private final JdbcClient jdbc;

    MemberSnapshotSource(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Up to {@code limit} member ids after {@code after} (all from the first when null),
     * in PostgreSQL's id order (which is not {@link UUID#compareTo}'s: the last id is the
     * cursor for the next read), locked for share. Fewer than {@code limit} does not mean
     * the end: rows deleted while the read waited for them are skipped.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> lockNext(UUID after, int limit) {
        String sql = after == null ? """
                select id from member order by id limit :limit for share
                """ : """
                select id from member where id > :after order by id limit :limit for share
                """;
        var statement = jdbc.sql(sql).param("limit", limit);
        if (after != null) {
            statement = statement.param("after", after);
        }
        return statement.query(UUID.class).list();
    }

    /**
     * Whether a member exists after {@code after} in id order (any member when null).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean anyAfter(UUID after) {
        if (after == null) {
            return jdbc.sql("select exists (select 1 from member)").query(Boolean.class).single();
        }
        return jdbc.sql("select exists (select 1 from member where id > :after)")
            .param("after", after)
            .query(Boolean.class)
            .single();
    }

    /** Which of these members exist, locked for share. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> lockExisting(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select id from member where id = any(cast(:ids as uuid[])) order by id for share")
            .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
            .query(UUID.class)
            .list();
    }

}
