package com.example.events.memberservice.member;

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

import com.example.events.memberservice.IntegrationTestSupport;
import com.example.events.testsupport.ApiDocs;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The members' digest, as an operator (ops/reconcile) reads it over real HTTP: the same
 * numbers an md5 computed here gives for the members that exist, a bucket's ids in order,
 * a malformed bucket refused, nothing without credentials.
 */
class MemberDigestIT extends IntegrationTestSupport {

    @Test
    void theDigestIsTheMd5OfEachBucketsIdsAndCountsOnlyExistingMembers() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(register("Digest " + i, "digest" + i + "@example.com").toString());
        }
        // three more in the first one's bucket, so that one bucket joins several ids
        ids.addAll(insertMembersInBucketOf(ids.getFirst(), 3));
        String deleted = ids.get(5);
        assertThat(api.delete("/members/" + deleted).getStatusCode().value()).isEqualTo(204);
        ids.remove(deleted);

        ResponseEntity<JsonNode> response = api.asAdmin("GET", "/admin/members/digest", null);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode digest = response.getBody();
        assertThat(digest.get("members").asLong()).isEqualTo(14);
        Map<String, List<String>> expected = bucketed(ids);
        assertThat(digest.get("buckets").valueStream().map(bucket -> bucket.get("bucket").asString()).toList())
            .as("non-empty buckets only, in order")
            .containsExactlyElementsOf(expected.keySet());
        for (JsonNode bucket : digest.get("buckets")) {
            List<String> members = expected.get(bucket.get("bucket").asString());
            assertThat(bucket.get("members").asInt()).isEqualTo(members.size());
            assertThat(bucket.get("digest").asString()).isEqualTo(md5(String.join(",", members)));
        }
        assertThat(expected.get(bucketOf(ids.getFirst()))).hasSizeGreaterThanOrEqualTo(4);
        assertThat(api.asAdmin("GET", "/admin/members/digest/" + bucketOf(deleted), null)
            .getBody()
            .get("memberIds")
            .valueStream()
            .map(JsonNode::asString)).doesNotContain(deleted);
    }

    @Test
    void aBucketListsItsMemberIdsInOrderAndAnEmptyOneNone() {
        String first = register("Bucket One", "bucket-one@example.com").toString();
        List<String> sameBucket = new ArrayList<>(insertMembersInBucketOf(first, 4));
        sameBucket.add(first);
        register("Elsewhere", "elsewhere@example.com");
        String bucket = bucketOf(first);

        JsonNode listing = api.asAdmin("GET", "/admin/members/digest/" + bucket, null).getBody();

        assertThat(listing.get("bucket").asString()).isEqualTo(bucket);
        assertThat(listing.get("memberIds").valueStream().map(JsonNode::asString).toList())
            .containsExactlyElementsOf(sameBucket.stream().sorted().toList());
        String empty = emptyBucketBesides(first);
        assertThat(api.asAdmin("GET", "/admin/members/digest/" + empty, null).getBody().get("memberIds")).isEmpty();
    }

    @Test
    void anEmptyTableHasNoBuckets() {
        JsonNode digest = api.asAdmin("GET", "/admin/members/digest", null).getBody();

        assertThat(digest.get("members").asLong()).isZero();
        assertThat(digest.get("buckets")).isEmpty();
    }

    @Test
    void aBucketThatIsNotTwoLowercaseHexDigitsIsABadRequestAsDocumented() {
        ApiDocs docs = new ApiDocs(api.get("/v3/api-docs").getBody());
        JsonNode operation = docs.operation("/admin/members/digest/{bucket}", "get");
        for (String bad : List.of("3F", "g0", "abc", "0", "-1")) {
            ResponseEntity<JsonNode> response = api.asAdmin("GET", "/admin/members/digest/" + bad, null);

            assertThat(response.getStatusCode().value()).as(bad).isEqualTo(400);
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("bucket");
            docs.assertDocumented(response.getBody(), operation, "400", "validation");
        }
    }

    @Test
    void withoutCredentialsNeitherAnswers() {
        ApiDocs docs = new ApiDocs(api.get("/v3/api-docs").getBody());
        for (String path : List.of("/admin/members/digest", "/admin/members/digest/00")) {
            ResponseEntity<JsonNode> response = api.get(path);

            assertThat(response.getStatusCode().value()).as(path).isEqualTo(401);
            assertThat(api.as("admin", "wrong", "GET", path, null).getStatusCode().value()).isEqualTo(401);
            JsonNode operation = docs.operation(path.endsWith("/00") ? "/admin/members/digest/{bucket}" : path, "get");
            assertThat(operation.path("security").get(0).has("admin")).isTrue();
            docs.assertDocumented(response.getBody(), operation, "401", "unauthorized");
        }
    }

    /** Members inserted straight into the table, with ids chosen to share a bucket. */
    private List<String> insertMembersInBucketOf(String id, int count) {
        List<String> inserted = new ArrayList<>();
        while (inserted.size() < count) {
            UUID candidate = UUID.randomUUID();
            if (bucketOf(candidate.toString()).equals(bucketOf(id))) {
                jdbc.sql("insert into member (id, name, email, created_at) values (?, ?, ?, ?)")
                    .params(candidate, "Neighbour", candidate + "@example.com", Timestamp.from(Instant.now()))
                    .update();
                inserted.add(candidate.toString());
            }
        }
        return inserted;
    }

    private String emptyBucketBesides(String id) {
        List<String> ids = jdbc.sql("select id::text from member").query(String.class).list();
        for (int bucket = 0; bucket < 256; bucket++) {
            String name = "%02x".formatted(bucket);
            if (ids.stream().noneMatch(member -> bucketOf(member).equals(name))) {
                return name;
            }
        }
        throw new IllegalStateException("no empty bucket besides " + id);
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
