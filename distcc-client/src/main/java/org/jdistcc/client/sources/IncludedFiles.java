package org.jdistcc.client.sources;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a preprocessor run read, from the line markers of its {@code -E} output ({@code # 1
 * "inc/x.h" 1}): every file gcc enters gets one, named as gcc opened it, the main source, {@code
 * -include} and {@code -imacros} files and the implicit {@code stdc-predef.h} included. We read them
 * from the output we produce anyway for the dependency file, so listing the inputs costs no second
 * preprocessor run.
 */
public final class IncludedFiles {
    private IncludedFiles() {}

    /** The names in first-seen order, without {@code <built-in>}-like names and gcc's working-directory marker. */
    public static List<String> read(Path preprocessed) throws IOException {
        return parse(Files.readAllBytes(preprocessed));
    }

    /** {@link #read}, of text already in memory. */
    public static List<String> parse(byte[] text) {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < text.length; i = nextLine(text, i)) {
            String name = markerName(text, i);
            if (name != null && !isPseudoName(name)) {
                names.add(name);
            }
        }
        return new ArrayList<>(names);
    }

    private static int nextLine(byte[] text, int from) {
        for (int i = from; i < text.length; i++) {
            if (text[i] == '\n') {
                return i + 1;
            }
        }
        return text.length;
    }

    /** The name of a {@code # N "name" flags} line starting at {@code i}, or null. */
    private static String markerName(byte[] text, int i) {
        if (i + 4 >= text.length || text[i] != '#' || text[i + 1] != ' ' || !isDigit(text[i + 2])) {
            return null;
        }
        int j = i + 2;
        while (j < text.length && isDigit(text[j])) {
            j++;
        }
        if (j + 1 >= text.length || text[j] != ' ' || text[j + 1] != '"') {
            return null;
        }
        var name = new ByteArrayOutputStream();
        for (j += 2; j < text.length && text[j] != '\n'; j++) {
            byte b = text[j];
            if (b == '"') {
                return name.toString(StandardCharsets.UTF_8);
            }
            if (b == '\\' && j + 1 < text.length) {
                // cpp_quote_string escapes \ and " (and newlines as \n); accept octal too.
                byte next = text[++j];
                if (next == 'n') {
                    name.write('\n');
                } else if (next >= '0' && next <= '7') {
                    int value = 0;
                    int digits = 0;
                    while (digits < 3 && j < text.length && text[j] >= '0' && text[j] <= '7') {
                        value = value * 8 + (text[j++] - '0');
                        digits++;
                    }
                    j--;
                    name.write(value);
                } else {
                    name.write(next);
                }
            } else {
                name.write(b);
            }
        }
        return null;
    }

    private static boolean isPseudoName(String name) {
        // <built-in>, <command-line>, <stdin>; and with -g, "# 1 "/cwd//"" records the working directory.
        return name.isEmpty() || (name.startsWith("<") && name.endsWith(">")) || name.endsWith("//");
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
