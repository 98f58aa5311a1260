package org.jdistcc.daemon.compilers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sandboxed compiler sees of the volunteer besides its job directory: the toolchain,
 * read-only. That is {@code /usr} (FHS: shareable, read-only, the packages' files; what {@code gcc
 * -c} runs and reads lies there: the driver, {@code cc1}, {@code as}, their shared libraries, locale
 * data), the top-level {@code /bin}, {@code /lib*}, {@code /sbin} as the host has them (merged-usr
 * links on Debian 12, directories elsewhere), the dynamic loader's cache {@code /etc/ld.so.cache},
 * {@code /etc/alternatives} ({@code /usr/bin/cc} is a link through it), and the directories given
 * with {@code --sandbox-toolchain}. Nothing else of {@code /etc}, no {@code /home}, {@code /root},
 * {@code /var}, {@code /tmp}, {@code /proc} or {@code /sys}; in {@code /dev} only {@code null} and
 * {@code urandom}.
 *
 * @param readOnly directories and files bound read-only at their own path
 * @param links top-level symbolic links recreated as on the host: link path to target
 */
public record SandboxView(List<Path> readOnly, Map<Path, Path> links) {
    private static final List<String> TOP_LEVEL = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");
    private static final List<Path> SYSTEM_FILES = List.of(Path.of("/etc/ld.so.cache"), Path.of("/etc/alternatives"));

    public SandboxView {
        readOnly = List.copyOf(readOnly);
        links = Map.copyOf(links);
    }

    /** The host's toolchain view plus {@code extra} directories (absolute, existing, not {@code /}). */
    public static SandboxView of(List<Path> extra) throws IOException {
        List<Path> readOnly = new ArrayList<>();
        Map<Path, Path> links = new LinkedHashMap<>();
        readOnly.add(Path.of("/usr"));
        for (String name : TOP_LEVEL) {
            Path top = Path.of("/", name);
            if (Files.isSymbolicLink(top)) {
                links.put(top, Files.readSymbolicLink(top));
            } else if (Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
                readOnly.add(top);
            }
        }
        for (Path file : SYSTEM_FILES) {
            if (Files.exists(file)) {
                readOnly.add(file);
            }
        }
        for (Path directory : extra) {
            if (!directory.isAbsolute() || directory.getNameCount() == 0 || !Files.isDirectory(directory)) {
                throw new IOException("--sandbox-toolchain " + directory + ": not an absolute directory other than /");
            }
            readOnly.add(directory.normalize());
        }
        return new SandboxView(readOnly, links);
    }

    /** Whether {@code path} (absolute, as given, links not followed) lies in a read-only directory. */
    public boolean shows(Path path) {
        Path normal = path.normalize();
        for (Path dir : readOnly) {
            if (normal.startsWith(dir)) {
                return true;
            }
        }
        for (var link : links.entrySet()) {
            if (normal.startsWith(link.getKey())) {
                return shows(link.getKey()
                        .resolveSibling(link.getValue())
                        .resolve(link.getKey().relativize(normal)));
            }
        }
        return false;
    }
}
