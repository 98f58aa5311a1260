package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdistcc.daemon.cache.ResultKey;

/**
 * A received tree of inputs (source and pump mode), for the result cache's key: every directory, file
 * (by its content's digest) and link (by its target), named relative to the tree's root, in a fixed
 * order; read before the compiler runs, so its outputs are not in it.
 *
 * <p>Two things of a file beyond its content can reach the output, and are handled here: its
 * modification time through {@code __TIMESTAMP__}, and through {@code __DATE__}/{@code __TIME__} the
 * time of the compile itself: a tree that uses any of the three is not cached unless {@code
 * SOURCE_DATE_EPOCH} fixes them ({@link #dated()}). And gcc takes two files with the same content and
 * the same modification time for one under {@code #pragma once}: where contents repeat, their times
 * go in the key too.
 */
final class InputTree {
    private static final byte[][] TIME_MACROS = {
        "__DATE__".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        "__TIME__".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        "__TIMESTAMP__".getBytes(java.nio.charset.StandardCharsets.US_ASCII)
    };

    private final List<String> entries = new ArrayList<>();
    private final Map<String, List<String>> byContent = new HashMap<>();
    private final Map<String, Long> modified = new HashMap<>();
    private boolean dated;

    private InputTree() {}

    static InputTree read(Path root) throws IOException {
        var tree = new InputTree();
        tree.walk(root, root);
        return tree;
    }

    /** Whether a file uses {@code __DATE__}, {@code __TIME__} or {@code __TIMESTAMP__}. */
    boolean dated() {
        return dated;
    }

    void addTo(ResultKey.Builder key, boolean withTwinTimes) {
        key.list("tree", entries);
        if (withTwinTimes) {
            List<String> times = new ArrayList<>();
            byContent.values().stream()
                    .filter(names -> names.size() > 1)
                    .flatMap(List::stream)
                    .sorted()
                    .forEach(name -> times.add(name + " " + modified.get(name)));
            key.list("twin-times", times);
        }
    }

    private void walk(Path root, Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
            list.forEach(children::add);
        }
        children.sort(null);
        for (Path child : children) {
            String name = root.relativize(child).toString();
            var attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                entries.add("l " + name + " " + Files.readSymbolicLink(child));
            } else if (attributes.isDirectory()) {
                entries.add("d " + name);
                walk(root, child);
            } else if (attributes.isRegularFile()) {
                byte[] content = Files.readAllBytes(child);
                String digest = ResultKey.digest(content);
                entries.add("f " + name + " " + digest);
                byContent.computeIfAbsent(digest, d -> new ArrayList<>()).add(name);
                modified.put(name, attributes.lastModifiedTime().toMillis() / 1000);
                dated |= mentionsTime(content);
            } else {
                entries.add("o " + name);
            }
        }
    }

    static boolean mentionsTime(byte[] content) {
        for (int i = 0; i + 8 <= content.length; i++) {
            if (content[i] != '_' || content[i + 1] != '_') {
                continue;
            }
            for (byte[] macro : TIME_MACROS) {
                if (startsWith(content, i, macro)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] content, int at, byte[] macro) {
        if (at + macro.length > content.length) {
            return false;
        }
        for (int j = 0; j < macro.length; j++) {
            if (content[at + j] != macro[j]) {
                return false;
            }
        }
        return true;
    }
}
