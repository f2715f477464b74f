package com.example.platform.web;

/** The bounds every service puts on a page of a list. */
public final class Paging {

    /**
     * The last page a list answers: beyond it the offset (page times the largest size)
     * would not fit an int.
     */
    public static final int MAX_PAGE = 10_000_000;

    private Paging() {
    }

}
