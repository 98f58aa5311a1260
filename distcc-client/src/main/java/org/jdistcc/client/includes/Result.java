package org.jdistcc.client.includes;

import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;

/**
 * What an include analysis found: every file a compile can read, or why it cannot be sure of that.
 * Paths are absolute. Files and directories are named by their real paths (no symbolic links in
 * them); a link is named by its real directory and its own name. Recreating the files, links and
 * directories under a root makes every path the compiler uses resolve there as it does here, which
 * is what distcc's pump mode sends (protocol 3's {@code FILE} and {@code LINK}; directories by its
 * include server's forcing files).
 */
public sealed interface Result {
    /**
     * The inputs of a compile: a superset of the files the preprocessor reads (every branch of every
     * conditional counts), the first being the source. Entries under a compiler's built-in directory
     * (distcc's "system" headers, which its pump mode assumes the volunteer has) say so.
     *
     * @param directories directories that must exist for a path to resolve (a {@code ..} steps out of
     *     them, or an include directory holds nothing sent), other than those above a file or link
     * @param systemDirectories the real paths of the compiler's built-in directories
     */
    record Inputs(
            List<InputFile> files,
            List<InputLink> links,
            List<InputDirectory> directories,
            List<String> systemDirectories)
            implements Result {
        public Inputs {
            files = List.copyOf(files);
            links = List.copyOf(links);
            directories = List.copyOf(directories);
            systemDirectories = List.copyOf(systemDirectories);
        }
    }

    /** The analysis may miss a file; the compile must be preprocessed here. */
    record CannotBeSure(String reason) implements Result {
        public CannotBeSure {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A file as it was when analysed: the caller should check the content it sends against {@code
     * sha256} (lowercase hex), since the file may change after the analysis.
     */
    record InputFile(String path, String sha256, long size, FileTime modified, boolean inSystemDirectory) {}

    /** A symbolic link {@code path} that leads to the real path {@code target}. */
    record InputLink(String path, String target, boolean inSystemDirectory) {}

    record InputDirectory(String path, boolean inSystemDirectory) {}
}
