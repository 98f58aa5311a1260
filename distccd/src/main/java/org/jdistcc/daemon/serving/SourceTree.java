package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jdistcc.daemon.cache.FileCache;
import org.jdistcc.protocol.Manifest;
import org.jdistcc.protocol.ProtocolException;

/**
 * The client's files of a source-mode request, recreated as {@code <job>/root/<client path>} from its
 * {@link Manifest}: directories, links, and files copied from the {@link FileCache} by digest, or
 * written when the client sends them ({@link #receive}). What keeps a client inside the root:
 *
 * <ul>
 *   <li>names and link targets are absolute and lexically normal (no {@code .}, {@code ..} or empty
 *       parts), and no name is given twice;
 *   <li>a link is made to the root's copy of its target ({@code <root><target>}), so a path through
 *       links never leaves the root; a directory is made only where a directory, or a link into the
 *       root, leads;
 *   <li>the files' declared sizes together stay within the bound before anything is made, and a sent
 *       file must have its declared size and digest.
 * </ul>
 *
 * Unlike distcc 3.4's pump mode, which joins root and name unchecked.
 */
final class SourceTree {
    private final Path root;
    private final Path realRoot;
    private final List<Manifest.Entry> entries;
    private final Set<Path> files = new HashSet<>();
    private final Set<Path> named = new HashSet<>();
    /**
     * Directories known to lead inside the root: made here, or checked once. A checked path keeps its
     * answer, since nothing in the tree is ever replaced. Without it, every file's parent was
     * resolved again with {@code realpath} (~1,500 {@code readlink} calls for a job of 150 headers).
     */
    private final Set<Path> inside = new HashSet<>();

    private final List<Integer> missing = new ArrayList<>();
    private long totalBytes;
    private int fromCache;

    private SourceTree(Path root, List<Manifest.Entry> entries) throws IOException {
        this.root = root;
        this.realRoot = root.toRealPath();
        this.entries = entries;
    }

    /**
     * Makes the manifest's directories and links, and its files the cache holds.
     *
     * @param jobDir an empty directory of the daemon's, with an absolute path free of {@code =}, spaces
     *     and non-ASCII characters (gcc gets it in {@code -ffile-prefix-map=OLD=NEW})
     * @param maxTotalBytes bound on the sum of the file sizes
     * @throws ProtocolException for a bad name or link, a duplicate, or too many bytes
     */
    static SourceTree build(Manifest manifest, Path jobDir, long maxTotalBytes, FileCache cache) throws IOException {
        Path root = jobDir.resolve("root");
        checkUsableRoot(root);
        Files.createDirectories(root);
        var tree = new SourceTree(root, manifest.entries());
        tree.inside.add(root);
        long declared = 0;
        for (Manifest.Entry entry : manifest.entries()) {
            if (entry instanceof Manifest.File f) {
                declared += f.size();
                if (declared > maxTotalBytes) {
                    throw new ProtocolException(
                            ProtocolException.Kind.TOO_LARGE, "source files exceed " + maxTotalBytes + " bytes");
                }
            }
        }
        List<Manifest.Entry> entries = manifest.entries();
        for (int i = 0; i < entries.size(); i++) {
            switch (entries.get(i)) {
                case Manifest.Directory d -> tree.createDirectories(tree.resolve(d.name()));
                case Manifest.Link l -> tree.createLink(l);
                case Manifest.File f -> {
                    Path target = tree.place(f.name());
                    if (tree.copied(cache, f, target)) {
                        tree.placed(target, f);
                        tree.fromCache++;
                    } else {
                        tree.missing.add(i);
                    }
                }
            }
        }
        return tree;
    }

    private boolean copied(FileCache cache, Manifest.File file, Path target) throws IOException {
        try {
            return cache.copyTo(file.sha256(), target);
        } catch (FileAlreadyExistsException e) {
            throw alreadyThere(file.name());
        }
    }

    /** The positions of the manifest's files the cache did not have, in order. */
    List<Integer> missing() {
        return List.copyOf(missing);
    }

    /**
     * Writes a missing file the client sent, once it is checked: its declared size and digest.
     *
     * @throws ProtocolException if the content is not what the manifest said
     */
    void receive(int index, byte[] content, FileCache cache) throws IOException {
        Manifest.File file = (Manifest.File) entries.get(index);
        if (content.length != file.size() || !FileCache.sha256(content).equals(file.sha256())) {
            throw malformed("'" + file.name() + "' is not the file its digest names");
        }
        Path target = resolve(file.name());
        try {
            Files.write(target, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw alreadyThere(file.name());
        }
        placed(target, file);
        cache.insert(file.sha256(), content);
    }

    private void placed(Path target, Manifest.File file) throws IOException {
        Files.setLastModifiedTime(target, FileTime.from(file.mtime(), TimeUnit.SECONDS));
        files.add(target);
        totalBytes += file.size();
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

    /** How many of the files came from the cache. */
    int fromCache() {
        return fromCache;
    }

    long totalBytes() {
        return totalBytes;
    }

    /**
     * Makes a directory and its parents. An existing directory counts, and so does a link that leads
     * to one inside the root; anything else in the way is refused. A new directory is made first and
     * looked at only if something is in its way: looking first failed, in the usual case, with an
     * exception thrown inside the JDK per directory.
     */
    void createDirectories(Path directory) throws IOException {
        if (!directory.startsWith(root)) {
            throw malformed(directory + " is outside the job's root");
        }
        if (inside.contains(directory)) {
            return;
        }
        // A name the manifest gives a file whose content is still to come may become a directory
        // here: the file's CREATE_NEW then fails, and the request with it.
        createDirectories(directory.getParent());
        try {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(directory)) {
                if (!directory.toRealPath().startsWith(realRoot)) {
                    throw malformed("/" + root.relativize(directory) + " leads outside the job's root");
                }
            } else if (Files.isSymbolicLink(directory)) {
                throw malformed("/" + root.relativize(directory) + " is a link that leads to no directory");
            } else {
                throw malformed("/" + root.relativize(directory) + " is a file and a directory");
            }
        }
        inside.add(directory);
    }

    /**
     * A new name's place: its parent made, the name not given before. Whatever makes the file there
     * makes it new ({@code CREATE_NEW}), so a directory in its way fails that ({@link #alreadyThere}).
     */
    private Path place(String name) throws IOException {
        Path target = resolve(name);
        if (target.equals(root)) {
            throw malformed("'/' is not a file");
        }
        createDirectories(target.getParent());
        if (!named.add(target)) {
            throw alreadyThere(name);
        }
        return target;
    }

    private static ProtocolException alreadyThere(String name) {
        return malformed("'" + name + "' sent twice, or is a directory");
    }

    private void createLink(Manifest.Link link) throws IOException {
        Path target = resolve(link.target());
        Path path = place(link.name());
        try {
            Files.createSymbolicLink(path, target);
        } catch (FileAlreadyExistsException e) {
            throw alreadyThere(link.name());
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
            if (c <= ' ' || c >= 0x7f || c == '=' || c == ':' || c == '"' || c == '\\' || c == '$' || c == '#') {
                throw new IllegalArgumentException("job root must be plain ASCII without '=' or spaces: " + text);
            }
        }
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(ProtocolException.Kind.MALFORMED, message);
    }
}
