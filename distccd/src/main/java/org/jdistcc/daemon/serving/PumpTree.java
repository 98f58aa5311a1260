package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.jdistcc.common.ExitCode;
import org.jdistcc.daemon.compilers.Refusal;
import org.jdistcc.protocol.Compression;
import org.jdistcc.protocol.MessageReader;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.PumpEntry;

/**
 * The files and links of a pump-mode request (protocol 3), recreated under the job's root: {@code
 * NAME /home/u/a.h} becomes {@code <root>/home/u/a.h}. distcc 3.4 joins root and name unchecked and
 * writes through whatever links the client made before (the FIXMEs in src/srvrpc.c); here:
 *
 * <ul>
 *   <li>names are absolute and normal (no {@code .}, {@code ..} or empty parts), and each comes once;
 *   <li>the client's working directory is made first, as in 3.4; every file and link is created only
 *       inside directories made for this job, never through a link, never over anything;
 *   <li>file contents count against one bound for the whole tree;
 *   <li>a link stays inside the root: an absolute target is a client path (put under the root, as
 *       3.4 does), a relative one must not climb above the client's {@code /}. One exception, the
 *       links distcc's include server sends for the compiler's default include directories
 *       (include_server/compiler_defaults.py): {@code NAME /usr/include}, {@code LINK
 *       ../../(...)/usr/include}, which climb out of any root and come back to the server's own
 *       directory of the same name. Such a link is made (to that directory) only when the name is
 *       one of this compiler's default include directories here, which gcc reads anyway;
 *   <li>once all entries are in, every link that resolves must resolve inside the root or inside one
 *       of those directories (a chain of links cannot lead elsewhere).
 * </ul>
 *
 * A refused entry does not stop the reading: the rest of the request is read and dropped, so the
 * client, which sends everything before it reads, gets the refusal rather than a reset.
 */
final class PumpTree {
    private static final Path DISCARD = Path.of("/dev/null");

    private final Path root;
    private final Set<String> systemDirectories;
    private final List<Path> links = new ArrayList<>();
    private Path cwd;
    private long totalBytes;
    private String refusal;

    private PumpTree(Path root, Set<String> systemDirectories) {
        this.root = root;
        this.systemDirectories = Set.copyOf(systemDirectories);
    }

    /**
     * Reads {@code NFIL} and its entries and creates them under {@code root}.
     *
     * @param root an empty directory standing for the client's {@code /} ({@link PumpRoot})
     * @param clientCwd the request's {@code CDIR}; its directory is made first
     * @param maxTotalBytes bound on the sum of the files' sizes
     * @param systemDirectories the compiler's default include directories here, normalised
     * @throws Refusal if a name, a link or the working directory is refused (the request is read to
     *     its end first)
     * @throws org.jdistcc.protocol.ProtocolException if the request is malformed or over the bounds
     */
    static PumpTree receive(
            MessageReader reader,
            Compression compression,
            Path root,
            String clientCwd,
            long maxTotalBytes,
            Set<String> systemDirectories)
            throws IOException, Refusal {
        var tree = new PumpTree(root, systemDirectories);
        if (clientCwd == null || !SourceTree.isNormalAbsolute(clientCwd)) {
            tree.refuse("working directory '" + clientCwd + "' is not an absolute, normal path");
        } else {
            tree.cwd = clientCwd.equals("/") ? root : root.resolve(clientCwd.substring(1));
            tree.createDirectories(tree.cwd);
        }
        int count = reader.readPumpEntryCount();
        for (int i = 0; i < count; i++) {
            long budget = tree.refusal == null ? maxTotalBytes - tree.totalBytes : maxTotalBytes;
            PumpEntry entry = reader.readPumpEntry(compression, budget, tree::placeFile);
            if (tree.refusal != null) {
                continue;
            }
            switch (entry) {
                case PumpEntry.File file -> tree.totalBytes += Files.size(((Payload.InFile) file.content()).path());
                case PumpEntry.Link link -> tree.createLink(link.name(), link.target());
            }
        }
        if (tree.refusal == null) {
            tree.checkLinksResolveInside();
        }
        if (tree.refusal != null) {
            throw new Refusal(ExitCode.ACCESS_DENIED, tree.refusal);
        }
        return tree;
    }

    /** The working directory for the compiler, {@code <root><client cwd>}. */
    Path cwd() {
        return cwd;
    }

    /** The sum of the files' sizes. */
    long totalBytes() {
        return totalBytes;
    }

    /** Where a file's content goes: a new file in the tree, or nowhere once something was refused. */
    private Path placeFile(String name) throws IOException {
        if (refusal != null) {
            return DISCARD;
        }
        Path target = place(name);
        if (target == null) {
            return DISCARD;
        }
        try {
            Files.createFile(target);
        } catch (FileAlreadyExistsException e) {
            refuse("'" + name + "' is sent twice, or is a directory");
            return DISCARD;
        }
        return target;
    }

    private void createLink(String name, String target) throws IOException {
        Path link = place(name);
        if (link == null) {
            return;
        }
        String parent = parentOf(name);
        Lexical resolved = Lexical.resolve(target.startsWith("/") ? "/" : parent, target);
        Path content;
        if (!resolved.climbsAboveRoot()) {
            // As 3.4: an absolute target is a client path, under the root; a relative one stays as sent.
            content = target.startsWith("/") ? Path.of(root + resolved.path()) : Path.of(target);
        } else if (!target.startsWith("/") && resolved.path().equals(name) && systemDirectories.contains(name)) {
            content = Path.of(name);
        } else {
            refuse("link '" + name + "' -> '" + target + "' leaves the job's root (only the compiler's default"
                    + " include directories may be linked to this machine's own)");
            return;
        }
        try {
            Files.createSymbolicLink(link, content);
        } catch (FileAlreadyExistsException e) {
            refuse("link '" + name + "' is sent twice, or is a directory");
            return;
        }
        links.add(link);
    }

    /** Where a name lives in the tree, its directories made; null (and refused) if it may not. */
    private Path place(String name) throws IOException {
        if (!SourceTree.isNormalAbsolute(name) || name.equals("/")) {
            refuse("'" + name + "' is not an absolute, normal file name");
            return null;
        }
        Path target = root.resolve(name.substring(1));
        if (!createDirectories(target.getParent())) {
            return null;
        }
        return target;
    }

    /** Like {@link Files#createDirectories}, refusing to step through a link or a file. */
    private boolean createDirectories(Path directory) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = directory; !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)
                    || (Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                            && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
                refuse("'/" + root.relativize(p) + "' is a link or a file, and a directory is needed there");
                return false;
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                missing.push(p);
            }
        }
        for (Path p : missing) {
            Files.createDirectory(p);
        }
        return true;
    }

    private void checkLinksResolveInside() throws IOException {
        Path realRoot = root.toRealPath();
        List<Path> allowed = new ArrayList<>();
        for (String directory : systemDirectories) {
            Path path = Path.of(directory);
            if (Files.isDirectory(path)) {
                allowed.add(path.toRealPath());
            }
        }
        for (Path link : links) {
            if (!Files.exists(link)) {
                continue; // dangling: leads nowhere
            }
            Path real = link.toRealPath();
            if (!real.startsWith(realRoot) && allowed.stream().noneMatch(real::startsWith)) {
                refuse("link '/" + root.relativize(link) + "' resolves outside the job's root");
                return;
            }
        }
    }

    private void refuse(String message) {
        if (refusal == null) {
            refusal = message;
        }
    }

    private static String parentOf(String name) {
        int slash = name.lastIndexOf('/');
        return slash == 0 ? "/" : name.substring(0, slash);
    }

    /**
     * A link target resolved by its text, as the client's kernel would from {@code base} if no part
     * were a link: {@code ..} at {@code /} stays at {@code /}, and is noted.
     */
    record Lexical(String path, boolean climbsAboveRoot) {
        static Lexical resolve(String base, String target) {
            Deque<String> parts = new ArrayDeque<>();
            for (String part : base.split("/", -1)) {
                if (!part.isEmpty()) {
                    parts.addLast(part);
                }
            }
            boolean climbs = false;
            for (String part : target.split("/", -1)) {
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    if (parts.isEmpty()) {
                        climbs = true;
                    } else {
                        parts.removeLast();
                    }
                } else {
                    parts.addLast(part);
                }
            }
            return new Lexical("/" + String.join("/", parts), climbs);
        }
    }
}
