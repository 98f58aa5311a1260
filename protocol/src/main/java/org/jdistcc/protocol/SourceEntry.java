package org.jdistcc.protocol;

import java.util.Objects;

/**
 * One input of a source-mode request (jdistcc's {@link ProtocolVersion#FEATURE_SOURCES}), named by its
 * absolute, lexically normal path on the client. On the wire: {@code NAME}, then {@code MTIM} and
 * {@code FILE} for a file, or {@code XDIR 0} for a directory that must exist although no file in it
 * is sent (an include directory, or a directory a path steps out of with {@code ..}).
 */
public sealed interface SourceEntry {
    String name();

    /**
     * A file, sent with its content.
     *
     * @param mtime seconds since the epoch: gcc compares modification times to recognise a file
     *     already included under {@code #pragma once}, and {@code __TIMESTAMP__} shows it
     */
    record File(String name, long mtime, Payload content) implements SourceEntry {
        public File {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(content, "content");
            if (mtime < 0 || mtime > 0xffffffffL) {
                throw new IllegalArgumentException("mtime out of range: " + mtime);
            }
        }
    }

    record Directory(String name) implements SourceEntry {
        public Directory {
            Objects.requireNonNull(name, "name");
        }
    }
}
