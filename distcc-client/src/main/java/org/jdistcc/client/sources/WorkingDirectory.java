package org.jdistcc.client.sources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The working directory as gcc names it (libiberty's {@code getpwd}): {@code $PWD} when it is
 * absolute and is the current directory, else the physical path. gcc writes it into {@code
 * DW_AT_comp_dir}, so a volunteer must be told this name, not the JVM's {@code user.dir}.
 */
public final class WorkingDirectory {
    private WorkingDirectory() {}

    /**
     * The working directory's name as gcc would give it.
     *
     * @param cwd the job's directory (in the client agent, the JVM's own is not the compile's)
     * @param pwd {@code $PWD}, or null
     */
    public static String of(Path cwd, String pwd) {
        Path physical = cwd.toAbsolutePath();
        if (pwd != null && pwd.startsWith("/")) {
            try {
                if (Files.isSameFile(Path.of(pwd), physical)) {
                    return pwd;
                }
            } catch (IOException | RuntimeException e) {
                // a stale or odd PWD: gcc would not use it either
            }
        }
        return physical.toString();
    }
}
