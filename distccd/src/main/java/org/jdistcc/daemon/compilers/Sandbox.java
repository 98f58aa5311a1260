package org.jdistcc.daemon.compilers;

import java.nio.file.Path;
import java.util.List;

/**
 * How every compiler the daemon runs is started (docs/security.md): inside a sandbox that shows it
 * the toolchain read-only ({@link SandboxView}), its job directory read-write and nothing else, with
 * no network and bounded by {@link CompilerLimits}; or, with {@code --sandbox=off}, directly.
 * {@link CompilerRunner} wraps each command with {@link #wrap} just before it spawns it, so every
 * dialect (preprocessed, source mode, pump mode) runs sandboxed alike.
 */
public sealed interface Sandbox permits Bubblewrap, NamespaceHelper, Sandbox.Off {
    /** No sandbox: the command runs as it is, as distcc 3.4 runs it. */
    Sandbox OFF = new Off();

    /**
     * The command that runs {@code argv} (an absolute program path first) in the sandbox, in {@code
     * workDir}, with {@code writable} (the job directory, and any other the job owns; one of them
     * holds {@code workDir}) the only places it can write, each at its own path.
     */
    List<String> wrap(List<String> argv, List<Path> writable, Path workDir);

    /** One line for the start-up log: what runs the compilers and how they are bounded. */
    String describe();

    /** {@code --sandbox=off}. */
    record Off() implements Sandbox {
        @Override
        public List<String> wrap(List<String> argv, List<Path> writable, Path workDir) {
            return argv;
        }

        @Override
        public String describe() {
            return "no sandbox (--sandbox=off)";
        }
    }
}
