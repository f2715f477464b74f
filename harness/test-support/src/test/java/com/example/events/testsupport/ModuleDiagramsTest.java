package com.example.events.testsupport;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The same modules give the same files, whatever order the Documenter wrote them in. */
class ModuleDiagramsTest {

    @Test
    void relationsAreSortedWhereTheyStand() {
        assertThat(ModuleDiagrams.sortedRelations(List.of("}", "Rel(b, a)", "Rel(a, b)", "", "SHOW_LEGEND(true)")))
            .containsExactly("}", "Rel(a, b)", "Rel(b, a)", "", "SHOW_LEGEND(true)");
    }

    @Test
    void aCanvasListIsSortedAndKeepsItsCell() {
        assertThat(ModuleDiagrams.sortedEntries(List.of("|Events listened to", "|* `m.MemberRegistered` ",
                "* `m.MemberDeleted` ", "|Configuration properties", "* `b.Second`", "* `a.First`", "|===")))
            .containsExactly("|Events listened to", "|* `m.MemberDeleted` ", "* `m.MemberRegistered` ",
                    "|Configuration properties", "* `a.First`", "* `b.Second`", "|===");
    }

}
