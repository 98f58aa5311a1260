package org.jdistcc.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;

/**
 * Where a case of distcc's suite runs. distcc's {@code make installcheck} runs it unprivileged;
 * as root this runs it as {@code nobody}. As root it also gives each case a network namespace
 * of its own with only a loopback interface: the suite's daemons all start on port 42000 (its
 * {@code NoDetachDaemon_Case} connects to whatever listens there), so cases can run side by side
 * and never meet another test's daemon on this machine; what a case leaves running in its
 * namespace ends with it. Without root, cases run as the current user, one at a time (and a
 * daemon that {@code NoDetachDaemon_Case} leaves behind stays, as when the suite runs by hand).
 */
final class SuiteSandbox {
    /**
     * Runs the case in the fresh namespace, then ends whatever the case left running there: the
     * suite's {@code NoDetachDaemon_Case} signals the shell that started its daemon, not the daemon,
     * which would otherwise outlive the test run. Only this namespace's processes are touched, and
     * every one of them was started by the case.
     */
    private static final String CASE_SCRIPT = """
            ip link set lo up || exit 125
            "$@"; status=$?
            for p in /proc/[0-9]*; do
                [ "$p" = /proc/$$ ] && continue
                [ "$p/ns/net" -ef /proc/$$/ns/net ] && kill -9 "${p#/proc/}" 2>/dev/null
            done
            exit $status
            """;

    private final String user;
    private final String group;
    private final boolean isolated;

    private SuiteSandbox(String user, String group, boolean isolated) {
        this.user = user;
        this.group = group;
        this.isolated = isolated;
    }

    static SuiteSandbox forThisMachine() {
        var runner = CommandRunner.in(Path.of("/"));
        boolean root = runner.run("id", "-u").stdout().strip().equals("0");
        if (!root) {
            return new SuiteSandbox(null, null, false);
        }
        for (String tool : List.of("unshare", "ip", "setpriv")) {
            if (runner.run("sh", "-c", "command -v " + tool).exitCode() != 0) {
                throw new AssertionError("running as root, the suite needs " + tool
                        + " to run unprivileged and isolated (util-linux, iproute2: .ci/run installs them)");
            }
        }
        Outcome group = runner.run("id", "-g", "nobody");
        if (group.exitCode() != 0) {
            throw new AssertionError("running as root, the suite runs as nobody, who is not on this machine\n" + group);
        }
        return new SuiteSandbox("nobody", group.stdout().strip(), true);
    }

    /** How many cases may run at once. */
    int parallelism() {
        if (!isolated) {
            return 1;
        }
        // Mostly waiting (daemon start-up, the suite's sleeps): more cases than cores.
        String configured = System.getProperty("jdistcc.it.distccSuiteJobs", "").strip();
        return configured.isEmpty()
                ? Math.max(2, 2 * Runtime.getRuntime().availableProcessors())
                : Integer.parseInt(configured);
    }

    String describe() {
        return isolated
                ? "as " + user + ", each case in a network namespace of its own, " + parallelism() + " at a time"
                : "as the current user (not root), one case at a time";
    }

    /** Makes {@code dir} the sandboxed user's, so the suite can write in it. */
    void hand(Path dir) {
        if (user == null) {
            return;
        }
        try {
            var view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            view.setOwner(dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + dir + " to " + user, e);
        }
    }

    /** {@code command}, run as the sandbox's user (in a fresh network namespace when isolated). */
    List<String> wrap(List<String> command) {
        if (!isolated) {
            return command;
        }
        var wrapped = new ArrayList<>(List.of(
                "unshare",
                "--net",
                "--",
                "sh",
                "-c",
                CASE_SCRIPT,
                "sh",
                "setpriv",
                "--reuid=" + user,
                "--regid=" + group,
                "--init-groups",
                "--"));
        wrapped.addAll(command);
        return wrapped;
    }
}
