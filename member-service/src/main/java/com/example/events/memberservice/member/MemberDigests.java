package com.example.events.memberservice.member;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Members bucketed and digested in the database, so that neither the table nor a bucket
 * travels whole unless it differs. reservation-service digests its replica with the very
 * same expressions, which is what makes the two comparable: bucket
 * {@code left(md5(id::text), 2)}, digest
 * {@code md5(string_agg(id::text, ',' order by id))}. Ordering by the uuid rather than
 * its text keeps the order byte-wise, whatever the database's collation.
 */
@Repository
class MemberDigests {

    private final JdbcClient jdbc;

    MemberDigests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One scan of the table, one sort; a single statement, so one consistent snapshot.
     */
    MemberDigest digest() {
        List<MemberDigest.Bucket> buckets = jdbc.sql("""
                select left(md5(id::text), 2) as bucket, count(*) as members,
                       md5(string_agg(id::text, ',' order by id)) as digest
                from member
                group by 1
                order by 1
                """)
            .query((rs, row) -> new MemberDigest.Bucket(rs.getString("bucket"), rs.getLong("members"),
                    rs.getString("digest")))
            .list();
        return new MemberDigest(buckets.stream().mapToLong(MemberDigest.Bucket::members).sum(), buckets);
    }

    BucketMembers bucket(String bucket) {
        return new BucketMembers(bucket,
                jdbc.sql("select id from member where left(md5(id::text), 2) = ? order by id")
                    .param(bucket)
                    .query(UUID.class)
                    .list());
    }

}
