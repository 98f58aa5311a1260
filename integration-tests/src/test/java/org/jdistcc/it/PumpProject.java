package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A small project whose headers a pump-mode client must find: three directories, quoted and angle
 * includes, {@code -I} relative and absolute, {@code -include}, a header reached through a link, a
 * source in a subdirectory that climbs with {@code ..}, and {@code -MD}.
 */
final class PumpProject {
    static final List<String> OBJECTS = List.of("out/main.o", "out/util.o", "out/more.o");

    private static final Map<String, String> FILES = Map.of(
            "inc/config.h", "#define GREETING \"hello\"\n",
            "inc/a.h", "#include \"sub/b.h\"\n#include <lib/c.h>\n#define A (B + C)\n",
            "inc/sub/b.h", "#define B 1\n",
            "third/lib/c.h", "#define C 2\n",
            "src/main.c",
                    "#include <stdio.h>\n#include \"a.h\"\n#include \"alias.h\"\n"
                            + "int main(void) { printf(\"%s %d\\n\", GREETING, A); return 0; }\n",
            "src/util.c", "#include \"a.h\"\nint util(int x) { return x * A; }\n",
            "src/deep/more.c", "#include \"../alias.h\"\n#include <lib/c.h>\nint more(void) { return B + C; }\n",
            "Makefile", """
                    CFLAGS = $(EXTRA) -O2 -Iinc -I$(CURDIR)/third -include inc/config.h
                    OBJECTS = out/main.o out/util.o out/more.o
                    all: $(OBJECTS)
                    out/%.o: src/%.c
                    \t$(CC) $(CFLAGS) -MD -c $< -o $@
                    out/more.o: src/deep/more.c
                    \t$(CC) $(CFLAGS) -MD -c $< -o $@
                    clean:
                    \trm -f out/*
                    """);

    final Path dir;

    private PumpProject(Path dir) {
        this.dir = dir;
    }

    static PumpProject writeIn(Path dir) {
        try {
            for (var file : FILES.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            Files.createDirectories(dir.resolve("out"));
            Files.createSymbolicLink(dir.resolve("src/alias.h"), Path.of("../inc/sub/b.h"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PumpProject(dir);
    }

    byte[] read(String name) {
        try {
            return Files.readAllBytes(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Objects byte-identical; {@code .d} files the same once gcc's line breaks are undone. */
    void assertSameOutputsAs(PumpProject local) {
        for (String object : OBJECTS) {
            assertArrayEquals(local.read(object), read(object), object);
            String deps = object.replace(".o", ".d");
            assertEquals(local.unwrapped(deps), unwrapped(deps), deps);
        }
    }

    /** The {@code .d} file without line breaks and with the project's directory as DIR. */
    String unwrapped(String deps) {
        return new String(read(deps), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\\\n", "")
                .replaceAll(" +", " ")
                .replace(dir.toString(), "DIR");
    }
}
