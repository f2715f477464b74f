package com.example.events.reservationservice.messaging;

/**
 * Text that arrived in a message, made safe for a log line: whoever can send to the queue
 * chooses it, so it must neither start a line of its own (a forged log entry) nor fill
 * the log.
 */
final class UntrustedText {

    /** A field value is cut here; no legitimate one comes close. */
    static final int MAX_LENGTH = 64;

    /** A parser's complaint, which quotes part of the body, is cut here. */
    static final int MAX_REASON_LENGTH = 300;

    private UntrustedText() {
    }

    /**
     * Control and line-separating characters as {@code \\uXXXX}, cut to
     * {@value #MAX_LENGTH} characters with a note of how many more there were.
     */
    static String forLog(String text) {
        return forLog(text, MAX_LENGTH);
    }

    static String forLog(String text, int maxLength) {
        if (text == null) {
            return "null";
        }
        StringBuilder safe = new StringBuilder(Math.min(text.length(), maxLength) + 24);
        int kept = 0;
        while (kept < text.length() && safe.length() < maxLength) {
            char c = text.charAt(kept++);
            if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                    || Character.getType(c) == Character.FORMAT) {
                safe.append(String.format("\\u%04x", (int) c));
            }
            else {
                safe.append(c);
            }
        }
        if (kept < text.length()) {
            safe.append("...(").append(text.length() - kept).append(" more)");
        }
        return safe.toString();
    }

}
