package com.example.events.reservationservice.reservationcopy;

import java.util.Locale;

/**
 * How far a copy got, as recorded with its last chunk.
 *
 * @param scanned reservations read from the source
 * @param copied of those, written to this service's database by this copy
 * @param alreadyCopied of those, present before (written by an earlier chunk, or made
 * here)
 * @param skippedDeletedMember of those, of a member the replica holds as deleted
 * @param finished every reservation of the source has been read
 */
record CopyProgress(long scanned, long copied, long alreadyCopied, long skippedDeletedMember, boolean finished) {

    /** The command's last line: one JSON object. */
    String json() {
        return String.format(Locale.ROOT,
                "{\"scanned\": %d, \"copied\": %d, \"alreadyCopied\": %d, \"skippedDeletedMember\": %d, "
                        + "\"finished\": %b}",
                scanned, copied, alreadyCopied, skippedDeletedMember, finished);
    }

}
