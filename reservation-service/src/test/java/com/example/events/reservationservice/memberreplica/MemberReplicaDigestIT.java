package com.example.events.reservationservice.memberreplica;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.events.reservationservice.TestHttpClient;
import com.example.events.reservationservice.TestHttpClient.Response;
import com.example.events.testsupport.ApiDocs;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replica's digest, as an operator (ops/reconcile) reads it over real HTTP: the same
 * numbers an md5 computed here gives for the members the events made ACTIVE, a DELETED
 * member not counted, a bucket's ids in order, a malformed bucket refused, nothing
 * without credentials.
 */
class MemberReplicaDigestIT extends IntegrationTestSupport {

    @Test
    void theDigestIsTheMd5OfEachBucketsActiveIdsAndLeavesDeletedMembersOut() {
        List<String> active = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            active.add(registerMember(i).toString());
        }
        // three more in the first one's bucket, so that one bucket joins several ids
        active.addAll(insertActiveInBucketOf(active.getFirst(), 3));
        String deleted = active.remove(3);
        publish(deleted(100, UUID.fromString(deleted)));
        awaitReplica(UUID.fromString(deleted), "DELETED", 100);

        Response response = getAsAdmin("/admin/member-replica/digest");

        assertThat(response.status()).isEqualTo(200);
        JsonNode digest = response.body();
        assertThat(digest.get("members").asLong()).isEqualTo(10);
        Map<String, List<String>> expected = bucketed(active);
        assertThat(digest.get("buckets").valueStream().map(bucket -> bucket.get("bucket").asString()).toList())
            .as("non-empty buckets only, in order")
            .containsExactlyElementsOf(expected.keySet());
        for (JsonNode bucket : digest.get("buckets")) {
            List<String> members = expected.get(bucket.get("bucket").asString());
            assertThat(bucket.get("members").asInt()).isEqualTo(members.size());
            assertThat(bucket.get("digest").asString()).isEqualTo(md5(String.join(",", members)));
        }
        assertThat(expected.get(bucketOf(active.getFirst()))).hasSizeGreaterThanOrEqualTo(4);
        assertThat(ids(getAsAdmin("/admin/member-replica/digest/" + bucketOf(deleted)))).doesNotContain(deleted);
    }

    @Test
    void aBucketListsItsActiveMemberIdsInOrderAndAnEmptyOneNone() {
        String first = registerMember(1).toString();
        List<String> sameBucket = new ArrayList<>(insertActiveInBucketOf(first, 4));
        sameBucket.add(first);
        String bucket = bucketOf(first);

        Response listing = getAsAdmin("/admin/member-replica/digest/" + bucket);

        assertThat(listing.status()).isEqualTo(200);
        assertThat(listing.body().get("bucket").asString()).isEqualTo(bucket);
        assertThat(ids(listing)).containsExactlyElementsOf(sameBucket.stream().sorted().toList());
        String other = "%02x".formatted((Integer.parseInt(bucket, 16) + 1) % 256);
        assertThat(ids(getAsAdmin("/admin/member-replica/digest/" + other))).isEmpty();
    }

    @Test
    void anEmptyReplicaHasNoBuckets() {
        JsonNode digest = getAsAdmin("/admin/member-replica/digest").body();

        assertThat(digest.get("members").asLong()).isZero();
        assertThat(digest.get("buckets")).isEmpty();
    }

    @Test
    void aBucketThatIsNotTwoLowercaseHexDigitsIsABadRequestAsDocumented() {
        ApiDocs docs = new ApiDocs(get("/v3/api-docs").body());
        JsonNode operation = docs.operation("/admin/member-replica/digest/{bucket}", "get");
        for (String bad : List.of("3F", "g0", "abc", "0", "-1")) {
            Response response = getAsAdmin("/admin/member-replica/digest/" + bad);

            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo("bucket");
            docs.assertDocumented(response.body(), operation, "400", "validation");
        }
    }

    @Test
    void withoutCredentialsNeitherAnswers() {
        ApiDocs docs = new ApiDocs(get("/v3/api-docs").body());
        for (String path : List.of("/admin/member-replica/digest", "/admin/member-replica/digest/00")) {
            Response response = get(path);

            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(http().send(http().request(path).header("Authorization", TestHttpClient.basic("admin", "wrong")))
                .status()).isEqualTo(401);
            JsonNode operation = docs.operation(path.endsWith("/00") ? "/admin/member-replica/digest/{bucket}" : path,
                    "get");
            assertThat(operation.path("security").get(0).has("admin")).isTrue();
            docs.assertDocumented(response.body(), operation, "401", "unauthorized");
        }
    }

    /**
     * Replica rows written straight into the table, with ids chosen to share a bucket.
     */
    private List<String> insertActiveInBucketOf(String id, int count) {
        List<String> inserted = new ArrayList<>();
        while (inserted.size() < count) {
            UUID candidate = UUID.randomUUID();
            if (bucketOf(candidate.toString()).equals(bucketOf(id))) {
                jdbc.sql("insert into member_replica (member_id, status, last_sequence, updated_at) "
                        + "values (?, 'ACTIVE', 1, ?)")
                    .params(candidate, Timestamp.from(Instant.now()))
                    .update();
                inserted.add(candidate.toString());
            }
        }
        return inserted;
    }

    private static List<String> ids(Response bucket) {
        return bucket.body().get("memberIds").valueStream().map(JsonNode::asString).toList();
    }

    /** Ids by bucket, each bucket's ids sorted as text, the buckets in order. */
    private static Map<String, List<String>> bucketed(List<String> ids) {
        Map<String, List<String>> buckets = new TreeMap<>();
        ids.stream().sorted().forEach(id -> buckets.computeIfAbsent(bucketOf(id), bucket -> new ArrayList<>()).add(id));
        return buckets;
    }

    private static String bucketOf(String id) {
        return md5(id).substring(0, 2);
    }

    private static String md5(String text) {
        try {
            return HexFormat.of()
                .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
