package org.jdistcc.client.sources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jdistcc.client.job.JobContext;
import org.jdistcc.protocol.Manifest;

/**
 * Everything a volunteer needs to run a compile on our files, when the include analysis could not be
 * sure of them and the preprocessor listed them instead ({@link IncludedFiles}): each file it read,
 * under its absolute, lexically normal name (links are not recreated: the volunteer gets a file under
 * each name), with its digest and modification time, plus the directories that must exist there
 * (include directories, and those a {@code ..} steps out of). A compile that cannot be reproduced that
 * way is {@link Unpackable}; the caller then sends preprocessed text or compiles here.
 */
public final class SourcePackage {
    /** Why a compile cannot go out in source mode; the message says what to log. */
    public static final class Unpackable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unpackable(String message) {
            super(message);
        }
    }

    private final List<Manifest.Entry> entries;
    private final Map<String, Path> local;

    private SourcePackage(List<Manifest.Entry> entries, Map<String, Path> local) {
        this.entries = List.copyOf(entries);
        this.local = Map.copyOf(local);
    }

    /** The files (named as the volunteer recreates them), then the directories. */
    public List<Manifest.Entry> entries() {
        return entries;
    }

    /** Where the file sent under {@code name} is read here. */
    public Path local(String name) {
        return local.get(name);
    }

    /**
     * Packages the files a compile read.
     *
     * @param job whose directory relative names are resolved against
     * @param cwd the working directory as the compiler names it ({@link WorkingDirectory})
     * @param opened the files the preprocessor read, as it named them ({@link IncludedFiles})
     * @param includeDirectories the command's {@code -I}-like directories as given
     * @param maxBytes bound on the total size
     */
    public static SourcePackage build(
            JobContext job, String cwd, List<String> opened, List<String> includeDirectories, long maxBytes)
            throws Unpackable, IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        Set<String> directories = new LinkedHashSet<>();
        List<Manifest.Entry> entries = new ArrayList<>();
        long total = 0;
        for (String name : opened) {
            String absolute = absolute(cwd, name);
            String normal = normalize(absolute, directories);
            if (normal == null) {
                throw new Unpackable(name + " climbs above /");
            }
            Path local = job.resolve(name);
            Path known = files.get(normal);
            if (known != null) {
                if (!Files.isSameFile(known, local)) {
                    throw new Unpackable(name + " and " + known + " are different files with one name");
                }
                continue;
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(local, BasicFileAttributes.class);
            } catch (IOException e) {
                throw new Unpackable("cannot read " + name + ": " + e.getMessage());
            }
            if (!attributes.isRegularFile()) {
                throw new Unpackable(name + " is not a regular file");
            }
            if (Files.exists(job.resolve(name + ".gch"))) {
                // gcc would use the precompiled header, which we do not send.
                throw new Unpackable(name + ".gch exists");
            }
            long mtime = attributes.lastModifiedTime().to(TimeUnit.SECONDS);
            byte[] content = Files.readAllBytes(local);
            total += content.length;
            if (total > maxBytes) {
                throw new Unpackable("inputs exceed " + maxBytes + " bytes");
            }
            if (AbsoluteIncludes.contains(content)) {
                throw new Unpackable(name + " includes a file by absolute path, which the volunteer would read itself");
            }
            files.put(normal, local);
            entries.add(new Manifest.File(normal, mtime, content.length, PumpInputs.sha256(content)));
        }
        for (String directory : includeDirectories) {
            if (Files.isDirectory(job.resolve(directory))) {
                String normal = normalize(absolute(cwd, directory), directories);
                if (normal != null && !normal.equals("/")) {
                    directories.add(normal);
                }
            }
        }
        for (String directory : directories) {
            if (files.containsKey(directory)) {
                throw new Unpackable(directory + " is both a file and a directory");
            }
            entries.add(new Manifest.Directory(directory));
        }
        for (String name : files.keySet()) {
            for (int slash = name.lastIndexOf('/'); slash > 0; slash = name.lastIndexOf('/', slash - 1)) {
                if (files.containsKey(name.substring(0, slash))) {
                    throw new Unpackable(name.substring(0, slash) + " is both a file and a directory");
                }
            }
        }
        return new SourcePackage(entries, files);
    }

    private static String absolute(String cwd, String name) {
        return name.startsWith("/") ? name : cwd + "/" + name;
    }

    /**
     * The lexically normal form of an absolute path, or null if a {@code ..} would climb above {@code
     * /}. The volunteer's copy has no links, so the kernel resolves {@code ..} there lexically; each
     * directory a {@code ..} steps out of must exist, and is added to {@code directories}.
     */
    static String normalize(String absolute, Set<String> directories) {
        List<String> parts = new ArrayList<>();
        for (String part : absolute.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                directories.add("/" + String.join("/", parts));
                parts.removeLast();
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }
}
