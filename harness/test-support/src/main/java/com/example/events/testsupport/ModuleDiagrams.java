package com.example.events.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * A service's module diagrams (PlantUML, C4) and a canvas per module, written by Spring
 * Modulith's Documenter into the repository's docs/modules/&lt;service&gt;. The
 * Documenter lists a diagram's relations and a canvas's entries in no fixed order; they
 * are sorted, so that a run over unchanged code leaves the committed files as they are.
 */
public final class ModuleDiagrams {

    private ModuleDiagrams() {
    }

    /** From a service's module directory, where its tests run. */
    public static void write(ApplicationModules modules, String service) {
        Path folder = Path.of("..", "docs", "modules", service);
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(folder.toString())).writeDocumentation();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                if (file.toString().endsWith(".puml")) {
                    Files.write(file, sortedRelations(Files.readAllLines(file)));
                }
                else if (file.toString().endsWith(".adoc")) {
                    Files.write(file, sortedEntries(Files.readAllLines(file)));
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static List<String> sortedRelations(List<String> lines) {
        List<String> sorted = new ArrayList<>(lines);
        int start = 0;
        while (start < sorted.size()) {
            int end = start;
            while (end < sorted.size() && sorted.get(end).startsWith("Rel(")) {
                end++;
            }
            Collections.sort(sorted.subList(start, end));
            start = Math.max(end, start + 1);
        }
        return sorted;
    }

    /**
     * A canvas's lists; the first entry of a list that opens a table cell starts with the
     * cell's "|".
     */
    static List<String> sortedEntries(List<String> lines) {
        List<String> sorted = new ArrayList<>(lines);
        for (int start = 0; start < sorted.size(); start++) {
            boolean opensCell = sorted.get(start).startsWith("|* ");
            if (!opensCell && !sorted.get(start).startsWith("* ")) {
                continue;
            }
            int end = start + 1;
            while (end < sorted.size() && sorted.get(end).startsWith("* ")) {
                end++;
            }
            List<String> entries = sorted.subList(start, end);
            if (opensCell) {
                entries.set(0, entries.get(0).substring(1));
            }
            Collections.sort(entries);
            if (opensCell) {
                entries.set(0, "|" + entries.get(0));
            }
            start = end - 1;
        }
        return sorted;
    }

}
