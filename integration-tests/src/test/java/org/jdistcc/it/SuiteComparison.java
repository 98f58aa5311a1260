package org.jdistcc.it;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jdistcc.it.DistccSuiteRun.Column;
import org.jdistcc.it.SuiteCaseResult.Verdict;

/**
 * The suite's results side by side: a reference column (Debian's binaries) and the column under
 * test in the same mode. A regression is a case that passes with the reference and does not with
 * the binaries under test.
 */
record SuiteComparison(List<Column> columns, Map<Column, Map<String, SuiteCaseResult>> results) {
    record Regression(Column column, SuiteCaseResult result) {}

    /** Cases that pass in {@code reference} but not in {@code tested}. */
    List<Regression> regressions(Column reference, Column tested) {
        var regressions = new ArrayList<Regression>();
        results.get(reference).forEach((name, expected) -> {
            SuiteCaseResult actual = results.get(tested).get(name);
            if (expected.verdict() == Verdict.PASS && actual.verdict() != Verdict.PASS) {
                regressions.add(new Regression(tested, actual));
            }
        });
        return regressions;
    }

    /** "debian plain: 46 pass, 0 FAIL, 3 skip, 11 n/a" for each column. */
    String counts() {
        var text = new StringBuilder();
        for (Column column : columns) {
            var counts = new EnumMap<Verdict, Integer>(Verdict.class);
            results.get(column).values().forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
            text.append(String.format(
                    "  %-14s %3d pass, %3d FAIL, %3d skip, %3d n/a%n",
                    column.label() + ":",
                    counts.getOrDefault(Verdict.PASS, 0),
                    counts.getOrDefault(Verdict.FAIL, 0),
                    counts.getOrDefault(Verdict.SKIP, 0),
                    counts.getOrDefault(Verdict.NOT_APPLICABLE, 0)));
        }
        return text.toString();
    }

    /**
     * Every case in every column; a {@code <} marks a regression against the column before it
     * (columns come in pairs: reference, tested).
     */
    String table() {
        var text = new StringBuilder(String.format("  %-40s", "case"));
        for (Column column : columns) {
            text.append(String.format(" %-15s", column.label()));
        }
        text.append(System.lineSeparator());
        for (String name : results.get(columns.getFirst()).keySet()) {
            text.append(String.format("  %-40s", name));
            for (int i = 0; i < columns.size(); i++) {
                SuiteCaseResult result = results.get(columns.get(i)).get(name);
                boolean regressed = i % 2 == 1
                        && results.get(columns.get(i - 1)).get(name).verdict() == Verdict.PASS
                        && result.verdict() != Verdict.PASS;
                text.append(String.format(" %-15s", result.cell() + (regressed ? " <" : "")));
            }
            text.append(System.lineSeparator());
        }
        return text.toString();
    }

    static String describe(List<Regression> regressions) {
        var text = new StringBuilder();
        for (Regression regression : regressions) {
            SuiteCaseResult result = regression.result();
            text.append(String.format(
                    "  %-40s %-14s %s%n",
                    result.name(),
                    regression.column().label(),
                    result.verdict() == Verdict.FAIL ? result.reason() : result.cell() + ": " + result.reason()));
        }
        return text.toString();
    }
}
