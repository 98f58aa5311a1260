package org.jdistcc.protocol;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of a protocol-3 ("pump mode") request after {@code NFIL} (distcc 3.4
 * doc/protocol-3.txt, src/clirpc.c {@code dcc_x_many_files}, src/srvrpc.c {@code dcc_r_many_files}):
 * {@code NAME} with the absolute client path, then either {@code FILE} and the file's content,
 * LZO-compressed as in protocol 2, or {@code LINK} and the target of a symbolic link as the client
 * read it. The tag is what tells the two apart: protocol 3 is the first in which tokens are not
 * decorative.
 */
public sealed interface PumpEntry {
    String name();

    record File(String name, Payload content) implements PumpEntry {
        public File {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * A symbolic link, sent as its target.
     *
     * @param target as {@code readlink} gave it: absolute targets name client paths (the server roots
     *     them), relative ones are relative to the link's directory. distcc's include server sends
     *     the compiler's default include directories this way, as links that climb out of the
     *     server's root with {@code ../} and come back down to the server's own copy
     *     (include_server/compiler_defaults.py).
     */
    record Link(String name, String target) implements PumpEntry {
        public Link {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(target, "target");
        }
    }

    /** Where the content of a received file goes; chosen, and checked, by the receiver. */
    @FunctionalInterface
    interface Placement {
        /**
         * Where the content of the file {@code name} is written.
         *
         * @return a path that does not exist yet, where the file's content is written
         * @throws IOException to refuse the name
         */
        Path place(String name) throws IOException;
    }
}
