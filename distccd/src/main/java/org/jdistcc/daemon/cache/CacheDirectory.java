package org.jdistcc.daemon.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The cache's directory, made or checked before anything is read from it: a directory (not a link),
 * owned by the user this daemon runs as, mode 0700. Another user who could write there could make
 * the daemon hand clients' compilers content of their choosing.
 */
final class CacheDirectory {
    private CacheDirectory() {}

    static void prepare(Path dir, Path objects, Path tmp) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another daemon made it meanwhile: checked below like any other
            }
        }
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("file cache " + dir + " is not a directory (or is a symbolic link)");
        }
        String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
        String user = System.getProperty("user.name");
        if (!owner.equals(user)) {
            throw new IOException("file cache " + dir + " belongs to " + owner + ", not to " + user
                    + " as whom this daemon runs: choose another with --file-cache-dir");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        for (Path sub : new Path[] {objects, tmp}) {
            if (Files.isSymbolicLink(sub)) {
                throw new IOException("file cache " + sub + " is a symbolic link");
            }
            Files.createDirectories(sub);
        }
    }
}
