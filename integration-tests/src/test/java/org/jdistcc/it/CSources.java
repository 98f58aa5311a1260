package org.jdistcc.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small C files the tests compile, each with one property that matters to the test. */
enum CSources {
    /** Compiles cleanly, with an include so preprocessing has something to do. */
    CLEAN("a.c", """
            #include <stdio.h>
            int main(void) {
                puts("hello from jdistcc");
                return 0;
            }
            """),
    /** Compiles, with a warning under -Wall. */
    WARNING("warning.c", """
            int main(void) {
                int unused;
                return 0;
            }
            """),
    /** Does not compile. */
    ERROR("error.c", """
            int main(void) {
                return undeclared_variable;
            }
            """);

    final String fileName;
    private final String text;

    CSources(String fileName, String text) {
        this.fileName = fileName;
        this.text = text;
    }

    /** Writes this source into {@code directory} and returns its file name. */
    String writeTo(Path directory) throws IOException {
        Files.writeString(directory.resolve(fileName), text);
        return fileName;
    }

    String objectName() {
        return fileName.replaceFirst("\\.c$", ".o");
    }
}
