package com.example.events.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Soft assertions as a table: every check is recorded with what was injected or expected
 * and what was found, the whole table is printed and written, and only then does the test
 * fail, with every difference at once.
 */
final class Report {

    private record Row(String section, String what, String expected, String found, boolean ok) {
    }

    private final List<Row> rows = new ArrayList<>();

    private final List<String> timings = new ArrayList<>();

    private String section = "";

    synchronized void section(String name) {
        section = name;
    }

    /** A check: found must equal expected. */
    synchronized void check(String what, Object expected, Object found) {
        rows.add(new Row(section, what, String.valueOf(expected), String.valueOf(found),
                Objects.equals(expected, found)));
    }

    /** A check whose condition is not plain equality; expected describes it. */
    synchronized void check(String what, String expected, Object found, boolean ok) {
        rows.add(new Row(section, what, expected, String.valueOf(found), ok));
    }

    /** What was done to the system, or measured: recorded, never failed on. */
    synchronized void injected(String what, Object value) {
        rows.add(new Row(section, what, String.valueOf(value), "", true));
    }

    synchronized void timing(String what, long millis) {
        timings.add("| %s | %.1f s |".formatted(what, millis / 1000.0));
    }

    synchronized List<String> differences() {
        return rows.stream()
            .filter(row -> !row.ok())
            .map(row -> "%s / %s: expected %s, found %s".formatted(row.section(), row.what(), row.expected(),
                    row.found()))
            .toList();
    }

    synchronized String markdown() {
        StringBuilder text = new StringBuilder("# Chaos run\n\n");
        text.append("| phase | what | injected / expected | found | |\n| --- | --- | --- | --- | --- |\n");
        for (Row row : rows) {
            text.append("| %s | %s | %s | %s | %s |%n".formatted(row.section(), row.what(), row.expected(), row.found(),
                    row.found().isEmpty() ? "" : row.ok() ? "ok" : "**DIFFERENT**"));
        }
        text.append("\n| step | took |\n| --- | --- |\n");
        timings.forEach(line -> text.append(line).append('\n'));
        List<String> differences = differences();
        text.append(differences.isEmpty() ? "\nNo differences.\n"
                : "\n" + differences.size() + " difference(s):\n\n- " + String.join("\n- ", differences) + "\n");
        return text.toString();
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
