package org.jdistcc.client.includes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdistcc.common.args.CompilerCommand;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files, links and directories of a result, recreated under another root as a pump-mode
 * volunteer recreates them (absolute link targets moved under the root, the compiler's built-in
 * directories linked to its own), are enough for gcc to preprocess the source there into the same
 * output.
 */
class ReplayTest {
    @TempDir
    Path temp;

    @Test
    void linksDotDotAndEmptyDirectoriesResolveTheSameUnderAnotherRoot() throws Exception {
        Path root = Files.createDirectories(temp.resolve("client")).toRealPath();
        SourceTree.write(root, """
                == real/inc/x.h
                #include "y.h"
                #include "../common/z.h"
                #include "empty/../w.h"
                int x;
                == real/inc/y.h
                int y;
                == real/inc/w.h
                int w;
                mkdir real/inc/empty
                == real/common/z.h
                int z;
                == other/linked.h
                #include "beside.h"
                == include/beside.h
                int beside;
                -> include/linked.h ../other/linked.h
                -> inc real/inc
                -> work/src ../real
                == main.c
                #include <x.h>
                #include "include/linked.h"
                #include <stdio.h>
                """);
        List<String> flags = List.of("-I", "inc");
        var request = new IncludeAnalysis.Request(
                CompilerCommand.parse(List.of("gcc", "-c", "main.c", "-I", "inc")),
                Path.of("/usr/bin/gcc"),
                root,
                Map.of());
        var inputs =
                assertInstanceOf(Result.Inputs.class, IncludeAnalysis.create().analyse(request));

        Path replay = Files.createDirectories(temp.resolve("volunteer")).toRealPath();
        for (Result.InputFile file : inputs.files()) {
            if (!file.inSystemDirectory()) {
                Path copy = replay.resolve(file.path().substring(1));
                Files.createDirectories(copy.getParent());
                Files.copy(Path.of(file.path()), copy);
            }
        }
        for (Result.InputLink link : inputs.links()) {
            if (!link.inSystemDirectory()) {
                Path made = replay.resolve(link.path().substring(1));
                Files.createDirectories(made.getParent());
                Files.createSymbolicLink(made, Path.of(replay + link.target()));
            }
        }
        for (Result.InputDirectory directory : inputs.directories()) {
            if (!directory.inSystemDirectory()) {
                Files.createDirectories(replay.resolve(directory.path().substring(1)));
            }
        }
        Path volunteerCwd = replay.resolve(root.toString().substring(1));
        assertEquals(preprocess(root, flags), preprocess(volunteerCwd, flags));
    }

    private static String preprocess(Path directory, List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("gcc", "-E", "-P", "main.c"));
        command.addAll(flags);
        Outcome gcc =
                CommandRunner.in(directory).withTimeout(Duration.ofSeconds(60)).run(command);
        return gcc.exitCode() + "\n" + gcc.stdout() + gcc.stderr();
    }
}
