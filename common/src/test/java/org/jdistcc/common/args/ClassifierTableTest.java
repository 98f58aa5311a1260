package org.jdistcc.common.args;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdistcc.common.args.Verdict.LocalOnly;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The table in {@code classifier-cases.txt}: real command lines and what we must make of them. */
class ClassifierTableTest {
    private static final String TABLE = "classifier-cases.txt";

    record Case(
            int line, String command, String verdict, String source, String output, String extension, String depFile) {
        @Override
        public String toString() {
            return line + ": " + command;
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (var in = ClassifierTableTest.class.getResourceAsStream(TABLE);
                var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split(" \\| ", -1);
                if (columns.length != 6) {
                    throw new IllegalStateException(TABLE + ":" + number + ": expected 6 columns: " + line);
                }
                cases.add(new Case(
                        number,
                        columns[0].strip(),
                        columns[1].strip(),
                        columns[2].strip(),
                        columns[3].strip(),
                        columns[4].strip(),
                        columns[5].strip()));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classifiesRealCommandLines(Case c) {
        CompilerCommand command = CommandLines.parse(c.command());
        assertAll(
                () -> assertVerdict(c.verdict(), command.verdict()),
                () -> assertEquals(expected(c.source()), command.source(), "source"),
                () -> assertEquals(expected(c.output()), command.output(), "output"),
                () -> assertEquals(expected(c.extension()), command.preprocessedExtension(), "preprocessed extension"),
                () -> assertEquals(expected(c.depFile()), command.dependencies().file(), "dependency file"));
    }

    @Test
    void tableHasSeventyCasesOrMore() throws IOException {
        assertTrue(cases().size() >= 70, "only " + cases().size() + " cases");
    }

    private static Optional<String> expected(String column) {
        if (column.equals("~")) {
            return Optional.empty();
        }
        List<String> words = CommandLines.words(column);
        return Optional.of(words.isEmpty() ? "" : words.getFirst());
    }

    private static void assertVerdict(String expected, Verdict actual) {
        if (expected.equals("distribute")) {
            assertEquals(Verdict.DISTRIBUTABLE, actual, "verdict");
            return;
        }
        assertTrue(expected.startsWith("local:"), "bad verdict column: " + expected);
        String[] parts = expected.substring("local:".length()).split(":", 2);
        LocalOnly local = assertInstanceOf(LocalOnly.class, actual, "verdict");
        assertEquals(Reason.valueOf(parts[0]), local.reason(), "reason (" + local.describe() + ")");
        if (parts.length == 2) {
            assertEquals(parts[1], local.detail(), "detail");
        }
    }
}
