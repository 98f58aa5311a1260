package org.jdistcc.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.daemon.compilers.CompilerLimits;
import org.jdistcc.daemon.compilers.Sandbox;
import org.jdistcc.daemon.compilers.SandboxSetup;
import org.jdistcc.daemon.compilers.SandboxView;
import org.slf4j.Logger;

/**
 * The sandbox every compiler runs in, from {@code --sandbox} and the limits: chosen and tried once
 * before the daemon serves (it does not start if the sandbox does not work), announced in the log,
 * loudly when it is off.
 */
final class CompilerSandbox {
    /** Where the installed launcher says {@code distccd-sandbox} is (scripts/install.sh). */
    static final String HELPER_PROPERTY = "jdistcc.sandboxHelper";

    private CompilerSandbox() {}

    /**
     * @param jobBase where job directories are made: the trial run makes one there
     * @param compilerPath where compilers are looked up: directories the sandbox does not show are warned about
     */
    static Sandbox start(DaemonOptions options, Path jobBase, List<Path> compilerPath, Logger log)
            throws SandboxSetup.Unavailable {
        SandboxSetup.Mode mode = SandboxSetup.Mode.parse(options.sandbox);
        if (mode == SandboxSetup.Mode.OFF) {
            log.warn("--sandbox=off: COMPILERS RUN UNSANDBOXED. Every allowed client can make them read any file"
                    + " this user can read (asm(\".incbin\"), #include of an absolute path) and use the network;"
                    + " no CPU, memory or file-size bound but --job-lifetime. See docs/security.md.");
            return Sandbox.OFF;
        }
        SandboxView view;
        try {
            view = SandboxView.of(options.sandboxToolchain);
        } catch (IOException e) {
            throw new SandboxSetup.Unavailable(e.getMessage());
        }
        Sandbox sandbox = SandboxSetup.working(
                mode, System.getenv("PATH"), helper(options), view, limits(options), jobBase, log::warn);
        log.info(
                "compilers run sandboxed by {}; they see read-only {}, their job directory, no network",
                sandbox.describe(),
                view.readOnly());
        for (Path directory : compilerPath) {
            if (!view.shows(directory)) {
                log.warn(
                        "compilers found in {} cannot run in the sandbox, which does not show it;"
                                + " add --sandbox-toolchain with their installation directory",
                        directory);
            }
        }
        return sandbox;
    }

    static CompilerLimits limits(DaemonOptions options) {
        return new CompilerLimits(
                options.maxCompilerCpu != null ? options.maxCompilerCpu : options.jobLifetime,
                DaemonOptions.parseLimit(options.maxCompilerMemory),
                DaemonOptions.parseLimit(options.maxOutputSize));
    }

    private static Path helper(DaemonOptions options) {
        if (options.sandboxHelper != null) {
            return options.sandboxHelper;
        }
        String installed = System.getProperty(HELPER_PROPERTY);
        return installed == null || installed.isEmpty() ? null : Path.of(installed);
    }
}
