package com.example.events.reservationservice.memberreplica;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The replica's ACTIVE members bucketed and digested in the database, with the very same
 * expressions member-service uses for its members, which is what makes the two
 * comparable: bucket {@code left(md5(member_id::text), 2)}, digest
 * {@code md5(string_agg(member_id::text, ',' order by member_id))}. Ordering by the uuid
 * rather than its text keeps the order byte-wise, whatever the database's collation.
 */
@Repository
class MemberReplicaDigests {

    private final JdbcClient jdbc;

    MemberReplicaDigests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One scan of the table, one sort; a single statement, so one consistent snapshot.
     */
    MemberReplicaDigest digest() {
        List<MemberReplicaDigest.Bucket> buckets = jdbc.sql("""
                select left(md5(member_id::text), 2) as bucket, count(*) as members,
                       md5(string_agg(member_id::text, ',' order by member_id)) as digest
                from member_replica
                where status = 'ACTIVE'
                group by 1
                order by 1
                """)
            .query((rs, row) -> new MemberReplicaDigest.Bucket(rs.getString("bucket"), rs.getLong("members"),
                    rs.getString("digest")))
            .list();
        return new MemberReplicaDigest(buckets.stream().mapToLong(MemberReplicaDigest.Bucket::members).sum(), buckets);
    }

    MemberReplicaBucket bucket(String bucket) {
        return new MemberReplicaBucket(bucket, jdbc.sql("""
                select member_id from member_replica
                where status = 'ACTIVE' and left(md5(member_id::text), 2) = ?
                order by member_id
                """).param(bucket).query(UUID.class).list());
    }

}
