package org.jdistcc.common.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Directories made on first use. */
public final class Directories {
    private Directories() {}

    /**
     * Makes {@code directory} and its parents unless it is one already. {@link
     * Files#createDirectories} alone throws and catches an exception when the directory exists, and
     * the client agent calls this several times per compile, where that showed in its CPU.
     */
    public static void ensure(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
        }
    }
}
