package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Set;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.ProtocolException;
import org.jdistcc.protocol.SourceEntry;
import org.jdistcc.protocol.Token;

/**
 * The client's files of a source-mode request, recreated as {@code <job>/root/<client path>}. Names
 * must be absolute and lexically normal (no {@code .}, {@code ..} or empty components); only
 * directories and regular files are created, never links, and no name may be given twice, so nothing
 * a client sends can make us write outside the root. Unlike distcc 3.4's pump mode, which
 * concatenates root and name unchecked.
 */
final class SourceTree {
    private final Path root;
    private final Set<Path> files = new HashSet<>();
    private long totalBytes;

    private SourceTree(Path root) {
        this.root = root;
    }

    /**
     * Reads {@code NFIL} and its entries from {@code reader} and creates them under {@code
     * jobDir/root}.
     *
     * @param jobDir an empty directory of the daemon's, with an absolute path free of {@code =}, spaces
     *     and non-ASCII characters (gcc gets it in {@code -ffile-prefix-map=OLD=NEW})
     * @param maxTotalBytes bound on the sum of the file sizes
     * @throws ProtocolException for a bad name, a duplicate, or too many bytes
     */
    static SourceTree receive(MessageReader reader, Compression compression, Path jobDir, long maxTotalBytes)
            throws IOException {
        Path root = jobDir.resolve("root");
        checkUsableRoot(root);
        Files.createDirectories(root);
        var tree = new SourceTree(root);
        int count = reader.readSourceEntryCount();
        for (int i = 0; i < count; i++) {
            SourceEntry head = reader.readSourceEntryHead();
            Path target = tree.resolve(head.name());
            switch (head) {
                case SourceEntry.Directory directory -> tree.createDirectories(target);
                case SourceEntry.File file -> {
                    tree.createDirectories(target.getParent());
                    try {
                        Files.createFile(target);
                    } catch (FileAlreadyExistsException e) {
                        throw malformed("'" + head.name() + "' sent twice or is a directory");
                    }
                    tree.totalBytes += reader.readPayloadToFile(Token.FILE, compression, target);
                    if (tree.totalBytes > maxTotalBytes) {
                        throw new ProtocolException(
                                ProtocolException.Kind.TOO_LARGE, "source files exceed " + maxTotalBytes + " bytes");
                    }
                    Files.setLastModifiedTime(target, FileTime.fromMillis(file.mtime() * 1000));
                    tree.files.add(target);
                }
            }
        }
        return tree;
    }

    /** {@code <job>/root}: every client path lives below it. */
    Path root() {
        return root;
    }

    /**
     * Where a client path lives here. The path must be absolute and normal.
     *
     * @throws ProtocolException if it is not
     */
    Path resolve(String clientPath) throws ProtocolException {
        if (!isNormalAbsolute(clientPath)) {
            throw malformed("'" + clientPath + "' is not an absolute, normal path");
        }
        return clientPath.equals("/") ? root : root.resolve(clientPath.substring(1));
    }

    /** Whether {@code path} is one of the files the client sent. */
    boolean isReceived(Path path) {
        return files.contains(path);
    }

    int fileCount() {
        return files.size();
    }

    long totalBytes() {
        return totalBytes;
    }

    /** Like {@link Files#createDirectories}, refusing to step through anything but a directory. */
    void createDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!directory.startsWith(root) || directory.equals(root)) {
            throw malformed(directory + " is outside the job's root");
        }
        createDirectories(directory.getParent());
        try {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                throw malformed(root.relativize(directory) + " is a file and a directory");
            }
        }
    }

    static boolean isNormalAbsolute(String path) {
        if (!path.startsWith("/")) {
            return false;
        }
        if (path.equals("/")) {
            return true;
        }
        if (path.endsWith("/")) {
            return false;
        }
        for (String part : path.substring(1).split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    static void checkUsableRoot(Path root) {
        String text = root.toString();
        if (!root.isAbsolute() || !root.normalize().equals(root)) {
            throw new IllegalArgumentException("job root must be absolute and normal: " + text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '=' || c == ':' || c == '"' || c == '\\') {
                throw new IllegalArgumentException("job root must be plain ASCII without '=' or spaces: " + text);
            }
        }
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(ProtocolException.Kind.MALFORMED, message);
    }
}
