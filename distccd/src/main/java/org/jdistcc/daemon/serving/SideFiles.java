package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jdistcc.protocol.SideFileNames;

/** Finds what a compile wrote beside its object: the side files the reply carries (jdistcc dialects). */
final class SideFiles {
    private SideFiles() {}

    /**
     * The regular files in the object's directory that {@link SideFileNames} allows beside it
     * ({@code x.dwo}, {@code x.su} for {@code x.o}), sorted by name; no links, no directories.
     *
     * @param sentByClient files that came with the request, which a name alone cannot tell apart
     *     ({@code x.i} beside {@code x.o})
     */
    static List<Path> beside(Path object, Predicate<Path> sentByClient) throws IOException {
        var names = SideFileNames.of(object.getFileName().toString());
        List<Path> sides = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(object.getParent())) {
            for (Path entry : entries) {
                if (names.allows(entry.getFileName().toString())
                        && !sentByClient.test(entry)
                        && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    sides.add(entry);
                }
            }
        }
        sides.sort(null);
        return sides;
    }
}
