package com.example.events.reservationservice.memberreplica;

import java.util.List;

/**
 * The replica's ACTIVE members, summed up bucket by bucket exactly as member-service sums
 * up its members, so that the two can be compared without copying either whole
 * (ops/reconcile).
 *
 * @param members how many members the replica holds as ACTIVE
 * @param buckets the non-empty buckets, in bucket order
 */
record MemberReplicaDigest(long members, List<Bucket> buckets) {

    /**
     * @param bucket the first two hex digits of md5 of the member id's text
     * @param digest md5 of the bucket's member ids in order, joined by ','
     */
    record Bucket(String bucket, long members, String digest) {
    }

}
