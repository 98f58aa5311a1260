package org.jdistcc.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Every input of a source-mode compile, by name and content digest (jdistcc's {@link
 * ProtocolVersion#FEATURE_FILE_CACHE}): the volunteer recreates the client's files, links and
 * directories from it, taking each file's content from its cache by digest and asking for the rest
 * ({@link Need}). On the wire: one {@code MANI} payload (docs/protocol.md).
 *
 * @param answer the client asks for an answer even when nothing is missing: it does not know yet
 *     whether the volunteer holds every digest. Without it a volunteer that lacks nothing says nothing.
 */
public record Manifest(boolean answer, List<Entry> entries) {
    public Manifest {
        entries = List.copyOf(entries);
    }

    /** One input, named by its absolute client path. */
    public sealed interface Entry {
        String name();
    }

    /**
     * A regular file.
     *
     * @param mtime seconds since the epoch: gcc compares modification times for {@code #pragma once},
     *     and {@code __TIMESTAMP__} shows it
     * @param sha256 the content's SHA-256, lowercase hex
     */
    public record File(String name, long mtime, long size, String sha256) implements Entry {
        public File {
            Objects.requireNonNull(name, "name");
            if (size < 0) {
                throw new IllegalArgumentException("negative size");
            }
            if (sha256.length() != 64
                    || !sha256.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new IllegalArgumentException("not a SHA-256 in lowercase hex: " + sha256);
            }
        }
    }

    /** A directory that must exist though nothing sent lies in it (an include directory, one a {@code ..} leaves). */
    public record Directory(String name) implements Entry {
        public Directory {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A symbolic link met on a path the compile uses, to the real path {@code target}. */
    public record Link(String name, String target) implements Entry {
        public Link {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(target, "target");
        }
    }
}
