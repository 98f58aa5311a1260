package org.jdistcc.daemon.compilers;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Which {@link Sandbox} runs the compilers here ({@code --sandbox}), and whether it works: the daemon
 * refuses to start when the sandbox asked for cannot run (docs/security.md says why it does not fall
 * back to running compilers unsandboxed).
 */
public final class SandboxSetup {
    /** util-linux's, in /usr (so inside the sandbox): bwrap sets no rlimits itself. */
    static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

    private static final Path PROBE_PROGRAM = Path.of("/usr/bin/true");
    private static final long PROBE_SECONDS = 30;

    private SandboxSetup() {}

    /**
     * {@code --sandbox}: {@code auto} (the helper, else bubblewrap), {@code bwrap}, {@code namespaces},
     * {@code off}.
     */
    public enum Mode {
        AUTO,
        BWRAP,
        NAMESPACES,
        OFF;

        /** The mode named {@code text}, or null. */
        public static Mode parse(String text) {
            for (Mode mode : values()) {
                if (mode.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return mode;
                }
            }
            return null;
        }
    }

    /** The sandbox cannot be used here; the message says why and what to do. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The sandbox {@code mode} names, from what is installed.
     *
     * @param searchPath where {@code bwrap} is looked for (the daemon's {@code PATH})
     * @param helper the installed {@code distccd-sandbox}, or null when there is none
     */
    public static Sandbox choose(Mode mode, String searchPath, Path helper, SandboxView view, CompilerLimits limits)
            throws Unavailable {
        if (mode == Mode.OFF) {
            return Sandbox.OFF;
        }
        // The helper first where both are installed: the same view and limits, for half bubblewrap's
        // cost per job (no prlimit exec, none of its generality; docs/security.md, "Measured costs").
        boolean helperInstalled = helper != null && Files.isExecutable(helper);
        if (mode == Mode.AUTO && helperInstalled) {
            return new NamespaceHelper(helper, view, limits);
        }
        Path bwrap = mode == Mode.NAMESPACES ? null : find("bwrap", searchPath);
        if (bwrap != null) {
            if (!Files.isExecutable(PRLIMIT)) {
                throw new Unavailable(PRLIMIT + " (util-linux) is missing: bubblewrap cannot bound CPU time,"
                        + " memory and file size without it");
            }
            return new Bubblewrap(bwrap, PRLIMIT, view, limits);
        }
        if (mode == Mode.BWRAP) {
            throw new Unavailable("--sandbox=bwrap: no bwrap on PATH (apt-get install bubblewrap)");
        }
        if (helperInstalled) {
            return new NamespaceHelper(helper, view, limits);
        }
        throw new Unavailable("no sandbox for the compilers: neither bubblewrap (bwrap on PATH; apt-get install"
                + " bubblewrap) nor distccd-sandbox (" + (helper == null ? "not installed" : helper + " missing")
                + ") is available; install one, or run with --sandbox=off to run compilers unsandboxed");
    }

    /**
     * The sandbox {@code mode} names ({@link #choose}), tried once ({@link #probe}). Under {@code auto}, a
     * helper that cannot run here gives way to bubblewrap: where a security module lets only
     * bubblewrap make user namespaces (Ubuntu's AppArmor since 23.10), or where the helper is run as
     * root, which it refuses.
     *
     * @param tmpBase where the trial's job directory is made
     * @param warn told why the helper was passed over, when it was
     */
    public static Sandbox working(
            Mode mode,
            String searchPath,
            Path helper,
            SandboxView view,
            CompilerLimits limits,
            Path tmpBase,
            Consumer<String> warn)
            throws Unavailable {
        Sandbox sandbox = choose(mode, searchPath, helper, view, limits);
        try {
            probe(sandbox, tmpBase);
            return sandbox;
        } catch (Unavailable helperFailed) {
            if (mode != Mode.AUTO || !(sandbox instanceof NamespaceHelper)) {
                throw helperFailed;
            }
            Sandbox bwrap;
            try {
                bwrap = choose(Mode.BWRAP, searchPath, helper, view, limits);
            } catch (Unavailable noBwrap) {
                throw helperFailed;
            }
            try {
                probe(bwrap, tmpBase);
            } catch (Unavailable bwrapFailed) {
                throw new Unavailable("distccd-sandbox: " + helperFailed.getMessage() + "; and bubblewrap: "
                        + bwrapFailed.getMessage());
            }
            warn.accept("distccd-sandbox cannot run here (" + helperFailed.getMessage() + "); using bubblewrap");
            return bwrap;
        }
    }

    /**
     * Runs a program in {@code sandbox} once, in a job-like directory under {@code tmpBase}, as the
     * compilers will run: fails where the kernel refuses unprivileged user namespaces (a sysctl such
     * as Debian's {@code kernel.unprivileged_userns_clone=0}, Ubuntu's AppArmor restriction, a
     * seccomp filter or systemd's {@code RestrictNamespaces=}).
     */
    public static void probe(Sandbox sandbox, Path tmpBase) throws Unavailable {
        if (sandbox instanceof Sandbox.Off) {
            return;
        }
        Path job = null;
        try {
            job = Files.createTempDirectory(tmpBase, "jdistccd_probe_");
            Path work = Files.createDirectory(job.resolve("work"));
            Path stderr = job.resolve("stderr");
            Process process = new ProcessBuilder(sandbox.wrap(List.of(PROBE_PROGRAM.toString()), List.of(job), work))
                    .directory(work.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile())
                    .start();
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new Unavailable("the sandbox did not run " + PROBE_PROGRAM + " within " + PROBE_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                String message =
                        Files.readString(stderr, StandardCharsets.UTF_8).strip();
                throw new Unavailable("the sandbox does not work here (" + sandbox.describe() + "): exit "
                        + process.exitValue() + (message.isEmpty() ? "" : ": " + message)
                        + "; enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1,"
                        + " user.max_user_namespaces > 0), or run with --sandbox=off");
            }
        } catch (IOException e) {
            throw new Unavailable("cannot try the sandbox: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while trying the sandbox");
        } finally {
            if (job != null) {
                deleteProbe(job);
            }
        }
    }

    private static Path find(String program, String searchPath) {
        if (searchPath == null) {
            return null;
        }
        for (String entry : searchPath.split(":", -1)) {
            if (entry.startsWith("/")) {
                Path candidate = Path.of(entry, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static void deleteProbe(Path job) {
        for (String name : List.of("work", "stderr", "")) {
            try {
                Files.deleteIfExists(name.isEmpty() ? job : job.resolve(name));
            } catch (IOException e) {
                // left in $TMPDIR: harmless, and named as the daemon's
            }
        }
    }
}
