package com.example.events.reservationservice.dlq;

import java.util.List;

record DlqContents(long approximateCount, List<DeadLetter> messages) {

    record DeadLetter(String messageId, String body, int receiveCount) {
    }
}
