package org.jdistcc.client.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncludedFilesTest {
    @Test
    void listsEveryEnteredFileOnceWithoutPseudoNames() {
        String text = """
                # 0 "foo.c"
                # 1 "/tmp/proj//"
                # 0 "<built-in>"
                # 0 "<command-line>"
                # 1 "/usr/include/stdc-predef.h" 1 3 4
                # 0 "<command-line>" 2
                # 1 "foo.c"
                # 1 "inc/util.h" 1
                # 1 "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h" 1 3 4
                # 145 "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h" 3 4
                typedef long unsigned int size_t;
                # 4 "inc/util.h" 2
                int x; # 9 "not/a/marker.h"
                #pragma once
                # 3 "foo.c" 2
                """;
        assertEquals(
                List.of(
                        "foo.c",
                        "/usr/include/stdc-predef.h",
                        "inc/util.h",
                        "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h"),
                IncludedFiles.parse(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void undoesGccsQuoting() {
        String text = "# 1 \"dir \\\"quoted\\\"/back\\\\slash.h\" 1\n# 1 \"sp\\303\\244ce.h\" 1\n";
        assertEquals(
                List.of("dir \"quoted\"/back\\slash.h", "späce.h"),
                IncludedFiles.parse(text.getBytes(StandardCharsets.UTF_8)));
    }
}
