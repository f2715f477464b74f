package com.example.events.memberservice.member;

import java.util.List;

/**
 * Every member, summed up bucket by bucket so that another service's copy can be compared
 * without copying either whole (ops/reconcile).
 *
 * @param members how many members exist
 * @param buckets the non-empty buckets, in bucket order
 */
record MemberDigest(long members, List<Bucket> buckets) {

    /**
     * @param bucket the first two hex digits of md5 of the member id's text
     * @param digest md5 of the bucket's member ids in order, joined by ','
     */
    record Bucket(String bucket, long members, String digest) {
    }

}
