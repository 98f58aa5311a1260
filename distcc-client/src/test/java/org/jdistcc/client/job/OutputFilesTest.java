package org.jdistcc.client.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolException;
import org.jdistcc.protocol.SideFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
    @TempDir
    Path dir;

    @Test
    void placesSideFilesNamedAfterTheObjectBesideIt() throws IOException {
        Path temp = Files.createDirectories(dir.resolve(".x.o.tmp"));
        Path object = Files.writeString(temp.resolve("object"), "obj");
        Path dwo = Files.writeString(temp.resolve("side0.tmp"), "dwo");
        OutputFiles.commit(
                new TestJob(dir, Map.of()).temps(),
                object,
                dir.resolve("x.o"),
                List.of(new SideFile("x.dwo", new Payload.InFile(dwo))));
        assertEquals("obj", Files.readString(dir.resolve("x.o")));
        assertEquals("dwo", Files.readString(dir.resolve("x.dwo")));
    }

    @Test
    void refusesSideFilesNamedAfterAnythingElse() throws IOException {
        Path temp = Files.createDirectories(dir.resolve(".x.o.tmp"));
        Path object = Files.writeString(temp.resolve("object"), "obj");
        Path evil = Files.writeString(temp.resolve("side0.tmp"), "all:\n\trm -rf /\n");
        for (String name : List.of("Makefile", "x.o", "../x.dwo", "y.dwo", "x.")) {
            assertThrows(
                    ProtocolException.class,
                    () -> OutputFiles.commit(
                            new TestJob(dir, Map.of()).temps(),
                            object,
                            dir.resolve("x.o"),
                            List.of(new SideFile(name, new Payload.InFile(evil)))),
                    name);
        }
        assertFalse(Files.exists(dir.resolve("x.o")), "nothing placed when a name is refused");
    }
}
