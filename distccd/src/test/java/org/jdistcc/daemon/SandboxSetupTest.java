package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdistcc.daemon.compilers.CompilerLimits;
import org.jdistcc.daemon.compilers.Sandbox;
import org.jdistcc.daemon.compilers.SandboxSetup;
import org.jdistcc.daemon.compilers.SandboxView;
import org.jdistcc.testing.Distccd;
import org.jdistcc.testing.SharedDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which sandbox --sandbox picks from what is installed (bubblewrap hidden from the daemon by its
 * PATH), and a daemon that cannot sandbox does not start: exit 112 and why.
 */
class SandboxSetupTest {
    private static final CompilerLimits LIMITS = new CompilerLimits(10, 1L << 30, 1L << 30);

    @Test
    void autoTakesTheHelperElseBubblewrapFromThePath() throws Exception {
        SandboxView view = SandboxView.of(List.of());
        Path helper = BuiltSandboxHelper.path();

        Sandbox both = SandboxSetup.choose(SandboxSetup.Mode.AUTO, "/nonexistent:/usr/bin", helper, view, LIMITS);
        Sandbox noHelper = SandboxSetup.choose(SandboxSetup.Mode.AUTO, "/nonexistent:/usr/bin", null, view, LIMITS);
        Sandbox helperOnly = SandboxSetup.choose(SandboxSetup.Mode.AUTO, "/nonexistent", helper, view, LIMITS);
        Sandbox asked = SandboxSetup.choose(SandboxSetup.Mode.BWRAP, "/usr/bin", helper, view, LIMITS);

        assertTrue(both.describe().startsWith("user namespaces by " + helper), both.describe());
        assertTrue(noHelper.describe().startsWith("bubblewrap (/usr/bin/bwrap)"), noHelper.describe());
        assertTrue(helperOnly.describe().startsWith("user namespaces by " + helper), helperOnly.describe());
        assertTrue(asked.describe().startsWith("bubblewrap (/usr/bin/bwrap)"), asked.describe());
        assertEquals(Sandbox.OFF, SandboxSetup.choose(SandboxSetup.Mode.OFF, "/usr/bin", helper, view, LIMITS));
    }

    @Test
    void autoGoesToBubblewrapWhenTheHelperCannotRunHere(@TempDir Path dir) throws Exception {
        SandboxView view = SandboxView.of(List.of());
        // A "helper" that fails as distccd-sandbox run by root does (it refuses, exit 125).
        Path refusing = dir.resolve("distccd-sandbox");
        Files.writeString(refusing, "#!/bin/sh\necho 'distccd-sandbox: refusing to run as root' >&2\nexit 125\n");
        Files.setPosixFilePermissions(refusing, PosixFilePermissions.fromString("rwxr-xr-x"));

        List<String> warned = new java.util.ArrayList<>();
        Sandbox chosen =
                SandboxSetup.working(SandboxSetup.Mode.AUTO, "/usr/bin", refusing, view, LIMITS, dir, warned::add);
        assertTrue(chosen.describe().startsWith("bubblewrap (/usr/bin/bwrap)"), chosen.describe());
        assertEquals(1, warned.size(), warned.toString());
        assertTrue(warned.getFirst().contains("refusing to run as root"), warned.toString());
        var asked = assertThrows(
                SandboxSetup.Unavailable.class,
                () -> SandboxSetup.working(
                        SandboxSetup.Mode.NAMESPACES, "/usr/bin", refusing, view, LIMITS, dir, warned::add));
        assertTrue(asked.getMessage().contains("refusing to run as root"), asked.getMessage());
        var neither = assertThrows(
                SandboxSetup.Unavailable.class,
                () -> SandboxSetup.working(
                        SandboxSetup.Mode.AUTO, "/nonexistent", refusing, view, LIMITS, dir, warned::add));
        assertTrue(neither.getMessage().contains("refusing to run as root"), neither.getMessage());
    }

    @Test
    void nothingToSandboxWithIsRefusedWithTheWayOut() throws Exception {
        SandboxView view = SandboxView.of(List.of());
        var none = assertThrows(
                SandboxSetup.Unavailable.class,
                () -> SandboxSetup.choose(SandboxSetup.Mode.AUTO, "/nonexistent", null, view, LIMITS));
        assertTrue(none.getMessage().contains("--sandbox=off"), none.getMessage());
        var noBwrap = assertThrows(
                SandboxSetup.Unavailable.class,
                () -> SandboxSetup.choose(
                        SandboxSetup.Mode.BWRAP, "/nonexistent", BuiltSandboxHelper.path(), view, LIMITS));
        assertTrue(noBwrap.getMessage().contains("apt-get install bubblewrap"), noBwrap.getMessage());
    }

    @Test
    void aDaemonWhoseSandboxCannotRunExits112() throws Exception {
        assertStartFails(
                List.of("--sandbox=namespaces", "--sandbox-helper", "/nonexistent/distccd-sandbox"),
                "distccd-sandbox (/nonexistent/distccd-sandbox missing)");
        // A "helper" that fails as a kernel without user namespaces makes bwrap fail.
        assertStartFails(
                List.of("--sandbox=namespaces", "--sandbox-helper", "/usr/bin/false"),
                "the sandbox does not work here");
        assertStartFails(List.of("--sandbox-toolchain", "relative/dir"), "--sandbox-toolchain relative/dir");
    }

    private static int freePort() throws IOException {
        try (var probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private void assertStartFails(List<String> options, String expected) throws IOException, InterruptedException {
        Path base = SharedDirectory.create("jdistccd-test-");
        try {
            var args = new java.util.ArrayList<>(List.of(
                    "--no-detach",
                    "--log-stderr",
                    "--allow",
                    "127.0.0.1",
                    "--listen",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(freePort())));
            args.addAll(options);
            Path stderr = base.resolve("stderr");
            var builder = new ProcessBuilder(Distccd.ours(args))
                    .redirectErrorStream(true)
                    .redirectOutput(stderr.toFile());
            builder.environment().put("TMPDIR", base.toString());
            Process daemon = builder.start();
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon started: " + Files.readString(stderr));
            String output = Files.readString(stderr);
            assertEquals(112, daemon.exitValue(), output);
            assertTrue(output.contains("not starting: ") && output.contains(expected), output);
            assertTrue(!output.contains("listening on"), output);
        } finally {
            SharedDirectory.deleteTree(base);
        }
    }
}
