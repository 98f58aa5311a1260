package org.jdistcc.daemon.compilers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox as bubblewrap builds it: {@code bwrap --unshare-all --unshare-user} (user, mount, PID,
 * network, IPC, UTS, cgroup namespaces), {@code --die-with-parent}, no capabilities, the {@link
 * SandboxView} bound read-only on an otherwise empty read-only root, the job's directories bound
 * read-write, {@code /dev/null} and {@code /dev/urandom}. bwrap sets no rlimits, so the command inside is util-linux's {@code
 * prlimit}, which sets them and execs the compiler: one small exec per job (docs/security.md has the
 * measured cost). {@code --as-pid-1}: the compiler driver is the PID namespace's init rather than a
 * child of a reaper bwrap adds, one process and one namespace teardown fewer per job (bwrap around
 * {@code /usr/bin/true} took 10 ms instead of 20 on a loaded 2-CPU machine); an init ignores SIGXCPU, so the driver's own CPU limit is the
 * hard one, a second later (cc1 and as are not init and get both).
 */
final class Bubblewrap implements Sandbox {
    /** What a compiler may open in /dev; each bind costs bwrap about a millisecond per job. */
    private static final List<String> DEVICES = List.of("null", "urandom");

    private final Path bwrap;
    private final CompilerLimits limits;
    private final List<String> prefix = new ArrayList<>();
    private final List<String> limitsCommand = new ArrayList<>();

    Bubblewrap(Path bwrap, Path prlimit, SandboxView view, CompilerLimits limits) {
        this.bwrap = bwrap;
        this.limits = limits;
        prefix.addAll(List.of(
                bwrap.toString(),
                "--unshare-all",
                "--unshare-user",
                "--as-pid-1",
                "--die-with-parent",
                "--cap-drop",
                "ALL"));
        for (Path path : view.readOnly()) {
            prefix.addAll(List.of("--ro-bind-try", path.toString(), path.toString()));
        }
        view.links().forEach((link, target) -> prefix.addAll(List.of("--symlink", target.toString(), link.toString())));
        for (String device : DEVICES) {
            prefix.addAll(List.of("--dev-bind-try", "/dev/" + device, "/dev/" + device));
        }
        limitsCommand.add(prlimit.toString());
        if (limits.cpuSeconds() > 0) {
            // SIGXCPU at the limit, SIGKILL a second later should it be caught.
            limitsCommand.add("--cpu=" + limits.cpuSeconds() + ":" + (limits.cpuSeconds() + 1));
        }
        if (limits.memoryBytes() > 0) {
            limitsCommand.add("--as=" + limits.memoryBytes());
        }
        if (limits.fileBytes() > 0) {
            limitsCommand.add("--fsize=" + limits.fileBytes());
        }
        limitsCommand.addAll(List.of("--core=0", "--"));
    }

    @Override
    public List<String> wrap(List<String> argv, List<Path> writable, Path workDir) {
        var command =
                new ArrayList<String>(prefix.size() + limitsCommand.size() + argv.size() + 3 * writable.size() + 5);
        command.addAll(prefix);
        for (Path directory : writable) {
            command.addAll(List.of("--bind", directory.toString(), directory.toString()));
        }
        command.addAll(List.of("--remount-ro", "/", "--chdir", workDir.toString(), "--"));
        command.addAll(limitsCommand);
        command.addAll(argv);
        return command;
    }

    @Override
    public String describe() {
        return "bubblewrap (" + bwrap + "); " + limits;
    }
}
