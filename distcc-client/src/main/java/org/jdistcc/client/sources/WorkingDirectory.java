package org.jdistcc.client.sources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The working directory as gcc names it (libiberty's {@code getpwd}): {@code $PWD} when it is
 * absolute and is the current directory, else the physical path. gcc writes it into {@code
 * DW_AT_comp_dir}, so a volunteer must be told this name, not the JVM's {@code user.dir}.
 */
public final class WorkingDirectory {
    private WorkingDirectory() {}

    public static String of(Map<String, String> env) {
        // The job's directory: in the client agent, the JVM's own is not the compile's.
        Path physical = org.jdistcc.client.JobContext.current().cwd().toAbsolutePath();
        String pwd = env.get("PWD");
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
