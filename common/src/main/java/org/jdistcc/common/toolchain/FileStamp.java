package org.jdistcc.common.toolchain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * What {@code stat} says of one file an identity was made from: if none of it changed, neither did
 * the file, as far as a package manager or a user replacing a compiler goes (a new file has a new
 * inode or change time, a file rewritten in place a new size, modification or change time).
 *
 * @param path a real path (no symbolic link in it)
 */
record FileStamp(Path path, long size, long modifiedNanos, long changedNanos, long inode, long device) {
    static FileStamp of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:size,lastModifiedTime,ctime,ino,dev");
        return new FileStamp(
                path,
                (Long) a.get("size"),
                nanos((FileTime) a.get("lastModifiedTime")),
                nanos((FileTime) a.get("ctime")),
                (Long) a.get("ino"),
                (Long) a.get("dev"));
    }

    /** Whether the file is still the one stamped. */
    boolean isCurrent() {
        try {
            return equals(of(path));
        } catch (IOException e) {
            return false;
        }
    }

    private static long nanos(FileTime time) {
        return time.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** One line of a {@link IdentityCache} file: {@code stamp SIZE MTIME CTIME INODE DEVICE PATH}. */
    String line() {
        return "stamp " + size + " " + modifiedNanos + " " + changedNanos + " " + inode + " " + device + " " + path;
    }

    /** The stamp of a {@link #line()}, or null if it is damaged. */
    static FileStamp parse(String line) {
        String[] w = line.split(" ", 7);
        if (w.length != 7 || !w[0].equals("stamp") || !w[6].startsWith("/")) {
            return null;
        }
        try {
            return new FileStamp(
                    Path.of(w[6]),
                    Long.parseLong(w[1]),
                    Long.parseLong(w[2]),
                    Long.parseLong(w[3]),
                    Long.parseLong(w[4]),
                    Long.parseLong(w[5]));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
