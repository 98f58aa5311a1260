package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.DaemonSetup;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.jdistcc.testing.RunningDaemon;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our client in distcc's pump mode: {@code pump make} with hosts marked {@code ,cpp,lzo}, the client
 * agent listing each compile's headers, Debian's distccd 3.4 (or ours, taken for distcc's)
 * preprocessing and compiling them. Without {@code -g} the objects are a local build's; with {@code
 * -g} they are what distcc's own pump client gets from the same daemon.
 */
@ExtendWith(RequiresInstallation.class)
class PumpModeTest {
    @TempDir
    static Path shared;

    static PumpProject local;

    @BeforeAll
    static void buildLocally() {
        local = PumpProject.writeIn(shared.resolve("local"));
        Outcome made = CommandRunner.in(local.dir).run("make", "CC=gcc");
        assertEquals(0, made.exitCode(), made::toString);
    }

    @TempDir
    Path dir;

    /** {@code pump make ARGS} with our client against {@code hosts}, the client's log in {@code log}. */
    private Outcome ourPumpMake(Installation jdistcc, Path tree, String hosts, Path log, String... args) {
        return ourPumpMake(jdistcc, Map.of(), tree, hosts, log, args);
    }

    private Outcome ourPumpMake(
            Installation jdistcc, Map<String, String> environment, Path tree, String hosts, Path log, String... args) {
        List<String> command =
                new ArrayList<>(List.of(jdistcc.prefix().resolve("bin/pump").toString(), "make", "CC=distcc gcc"));
        command.addAll(List.of(args));
        return jdistcc.userIn(tree)
                .with(environment)
                .with("DISTCC_HOSTS", hosts)
                .with("DISTCC_FALLBACK", "0")
                .with("DISTCC_SKIP_LOCAL_RETRY", "1")
                .with("DISTCC_VERBOSE", "1")
                .with("DISTCC_LOG", log.toString())
                .withTimeout(Duration.ofMinutes(10))
                .run(command);
    }

    private static DaemonSetup withEnvironment(DaemonSetup setup, Map<String, String> environment) {
        environment.forEach(setup::environment);
        return setup;
    }

    private static long pumpCompiles(Path log) throws IOException {
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains(" in pump mode"))
                .count();
    }

    /**
     * The volunteer preprocesses: gcc runs here only for the agent's probe of its defaults, never on
     * a source (a gcc first on PATH logs how it is run), not even to size the compile for placement.
     */
    @Test
    void aProjectBuildsThroughDebiansDistccdAsLocally(Installation jdistcc) throws Exception {
        PumpProject tree = PumpProject.writeIn(dir.resolve("project"));
        Path log = dir.resolve("client.log");
        Path tools = Files.createDirectories(dir.resolve("tools"));
        Path calls = dir.resolve("gcc-calls.txt");
        Files.writeString(
                tools.resolve("gcc"), "#!/bin/sh\necho \"$*\" >> '" + calls + "'\nexec /usr/bin/gcc \"$@\"\n");
        Files.setPosixFilePermissions(tools.resolve("gcc"), PosixFilePermissions.fromString("rwxr-xr-x"));
        try (RunningDaemon debian = DaemonSetup.debian().jobs(4).start()) {
            Outcome made = ourPumpMake(
                    jdistcc, Map.of("PATH", tools + ":/usr/bin:/bin"), tree.dir, debian.hostSpec("/2,cpp,lzo"), log);

            assertEquals(0, made.exitCode(), made::toString);
            assertTrue(made.stdout().contains("__________Using 1 distcc server in pump mode"), made::toString);
            tree.assertSameOutputsAs(local);
            assertEquals(PumpProject.OBJECTS.size(), pumpCompiles(log), Files.readString(log));
            assertTrue(debian.awaitLines("COMPILE_OK", PumpProject.OBJECTS.size()), debian::log);
            String ran = Files.exists(calls) ? Files.readString(calls) : "";
            assertTrue(ran.lines().noneMatch(line -> line.contains("src/")), () -> "gcc ran here on a source:\n" + ran);
        }
    }

    /**
     * With {@code -g}, gcc records {@code <server root><client cwd>} in DWARF 5's line strings, which
     * distcc 3.4's server leaves, and lays out its string sections by their contents: only the same
     * request through the same daemon with the same root gives the same bytes. So Debian's distccd
     * names every root alike ({@link DistccPumpClient#mkdtempShim}), and both builds run one compile at
     * a time in the same directory.
     */
    @Test
    void withDebugInformationTheOutputsAreThoseOfDistccsOwnPumpClient(Installation jdistcc) throws Exception {
        PumpProject tree = PumpProject.writeIn(dir.resolve("debug"));
        // Debian's distccd and its compilers run as user distccd: the shim and the name go where it reads.
        Path readable = Files.createTempDirectory(Path.of("/tmp"), "jdistcc-pump-root-");
        try {
            Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rwxr-xr-x"));
            // A stem of this run's: distcc 3.4's server leaves its roots' directories behind.
            String stem = readable.getFileName()
                    .toString()
                    .substring("jdistcc-pump-root-".length(), "jdistcc-pump-root-".length() + 4);
            Path rootName = Files.writeString(readable.resolve("name"), stem);
            Files.setPosixFilePermissions(rootName, PosixFilePermissions.fromString("rw-r--r--"));
            DistccPumpClient.resetCount(rootName);
            Map<String, String> shim = Map.of(
                    "LD_PRELOAD", DistccPumpClient.mkdtempShim(readable).toString(),
                    "PUMP_ROOT_NAME", rootName.toString());
            compareWithDistccsPumpClient(jdistcc, tree, shim, rootName, stem);
        } finally {
            for (String name : List.of("name", "name.n", "mkdtemp.c", "mkdtemp.so", "")) {
                Files.deleteIfExists(readable.resolve(name));
            }
        }
    }

    private void compareWithDistccsPumpClient(
            Installation jdistcc, PumpProject tree, Map<String, String> shim, Path rootName, String stem)
            throws Exception {
        Path pump = DistccPumpClient.directory();
        try (RunningDaemon debian =
                withEnvironment(DaemonSetup.debian().jobs(4), shim).start()) {
            String hosts = debian.hostSpec("/1,cpp,lzo");
            Path log = dir.resolve("client.log");
            Outcome ours = ourPumpMake(jdistcc, tree.dir, hosts, log, "EXTRA=-g");
            assertEquals(0, ours.exitCode(), () -> ours + "\n" + debian.log());
            assertEquals(PumpProject.OBJECTS.size(), pumpCompiles(log), Files.readString(log));
            Map<String, byte[]> mine = new HashMap<>();
            for (String object : PumpProject.OBJECTS) {
                mine.put(object, tree.read(object));
                mine.put(object.replace(".o", ".d"), tree.read(object.replace(".o", ".d")));
            }
            assertTrue(
                    new String(mine.get("out/main.o"), StandardCharsets.ISO_8859_1).contains("/distccd_" + stem),
                    "the objects name the root the shim chose, so the comparison means something");
            assertEquals(0, CommandRunner.in(tree.dir).run("make", "clean").exitCode());
            DistccPumpClient.resetCount(rootName);

            Outcome theirs = CommandRunner.in(tree.dir)
                    .with("PATH", pump + ":" + System.getenv("PATH"))
                    .with("DISTCC_HOSTS", hosts)
                    .with(
                            "DISTCC_DIR",
                            Files.createDirectories(dir.resolve("their-distcc-dir"))
                                    .toString())
                    .with("DISTCC_TESTING_INCLUDE_SERVER", "1")
                    .with("DISTCC_FALLBACK", "0")
                    .with("DISTCC_SKIP_LOCAL_RETRY", "1")
                    .withTimeout(Duration.ofMinutes(10))
                    .run(pump.resolve("pump").toString(), "make", "CC=distcc gcc", "EXTRA=-g");

            assertEquals(0, theirs.exitCode(), theirs::toString);
            for (var output : mine.entrySet()) {
                assertArrayEquals(output.getValue(), tree.read(output.getKey()), output.getKey());
            }
        }
    }

    @Test
    void zlibBuildsThroughDebiansDistccdAsLocally(Installation jdistcc) throws Exception {
        ZlibTree reference = ZlibTree.configuredIn(dir, "zlib-local");
        assertEquals(
                0, CommandRunner.in(reference.dir).run("make", "-j4", "CC=gcc").exitCode());
        ZlibTree tree = ZlibTree.configuredIn(dir, "zlib-pump");
        Path log = dir.resolve("client.log");
        try (RunningDaemon debian = DaemonSetup.debian().jobs(4).start()) {
            Outcome made = ourPumpMake(jdistcc, tree.dir, debian.hostSpec("/4,cpp,lzo"), log, "-j4");

            assertEquals(0, made.exitCode(), made::toString);
            tree.assertSameObjectsAs(reference);
            assertEquals(tree.objects().size(), pumpCompiles(log), Files.readString(log));
        }
    }

    /**
     * Our distccd serves distcc's pump mode too. It would answer our client's hello, and our client
     * would then use jdistcc's own dialect: this user's clients are told it is a distcc 3.4 volunteer
     * ({@code $DISTCC_DIR/volunteers}), so they speak protocol 3 to it.
     */
    @Test
    void ourDistccdServesOurClientsPumpMode(Installation jdistcc) throws Exception {
        PumpProject tree = PumpProject.writeIn(dir.resolve("project"));
        Path log = dir.resolve("client.log");
        try (RunningDaemon ours = DaemonSetup.installed(jdistcc).jobs(4).start()) {
            Path known = Path.of(jdistcc.userIn(dir).environmentValue("DISTCC_DIR"), "volunteers");
            Files.createDirectories(known);
            Files.writeString(
                    known.resolve("tcp_127.0.0.1_" + ours.port()),
                    "dialect=DISTCC\nfeatures=0\nlearned=" + System.currentTimeMillis() + "\n");

            Outcome made = ourPumpMake(jdistcc, tree.dir, ours.hostSpec("/2,cpp,lzo"), log);

            assertEquals(0, made.exitCode(), made::toString);
            tree.assertSameOutputsAs(local);
            assertEquals(PumpProject.OBJECTS.size(), pumpCompiles(log), Files.readString(log));
            assertTrue(ours.awaitLines("proto=3 ", PumpProject.OBJECTS.size()), ours::log);
        }
    }

    @Test
    void scanIncludesListsWhatDistccsIncludeServerLists(Installation jdistcc) {
        PumpProject tree = PumpProject.writeIn(dir.resolve("project"));
        String hosts = "127.0.0.1:1,cpp,lzo";
        List<String> compile = List.of(
                "gcc",
                "-O2",
                "-Iinc",
                "-I" + tree.dir.resolve("third"),
                "-include",
                "inc/config.h",
                "-c",
                "src/deep/more.c",
                "-o",
                "out/more.o");
        List<String> ourCommand = new ArrayList<>(List.of(jdistcc.distcc().toString(), "--scan-includes"));
        ourCommand.addAll(compile);
        Outcome ours = jdistcc.userIn(tree.dir).with("DISTCC_HOSTS", hosts).run(ourCommand);
        Path pump = DistccPumpClient.directory();
        List<String> theirCommand = new ArrayList<>(
                List.of(pump.resolve("pump").toString(), pump.resolve("distcc").toString(), "--scan-includes"));
        theirCommand.addAll(compile);
        Outcome theirs;
        try {
            theirs = CommandRunner.in(tree.dir)
                    .with("DISTCC_HOSTS", hosts)
                    .with(
                            "DISTCC_DIR",
                            Files.createDirectories(dir.resolve("their-distcc-dir"))
                                    .toString())
                    .run(theirCommand);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        assertEquals(0, ours.exitCode(), ours::toString);
        assertEquals(0, theirs.exitCode(), theirs::toString);
        // distcc's include server also lists directories that hold a listed file; so do not compare those.
        assertEquals(linesOf(theirs.stdout(), "DIRECTORY"), linesOf(ours.stdout(), "DIRECTORY"), ours.stdout());
        assertTrue(ours.stdout().contains("SYMLINK   " + tree.dir.resolve("src/alias.h")), ours.stdout());
    }

    private static Set<String> linesOf(String scan, String except) {
        Set<String> lines = new TreeSet<>();
        for (String line : scan.split("\n")) {
            if (line.matches("[A-Z]+ +/.*") && !line.startsWith(except)) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void startupPrintsTheVariablesAndShutdownRemovesItsDirectory(Installation jdistcc) throws Exception {
        PumpProject tree = PumpProject.writeIn(dir.resolve("project"));
        String pump = jdistcc.prefix().resolve("bin/pump").toString();
        try (RunningDaemon debian = DaemonSetup.debian().jobs(4).start()) {
            Outcome script = jdistcc.userIn(tree.dir)
                    .with("DISTCC_HOSTS", debian.hostSpec(",cpp,lzo"))
                    .with("DISTCC_FALLBACK", "0")
                    .runThroughShell(
                            "sh",
                            "-c",
                            "eval \"$(" + pump + " --startup)\" && set | grep '^INCLUDE_SERVER'"
                                    + " && make CC='distcc gcc' out/util.o >/dev/null && " + pump + " --shutdown"
                                    + " && test ! -e \"$INCLUDE_SERVER_DIR\" && echo removed");

            assertEquals(0, script.exitCode(), script::toString);
            assertTrue(script.stdout().contains("INCLUDE_SERVER_PORT='/"), script::toString);
            assertTrue(script.stdout().contains("/socket'"), script::toString);
            assertTrue(script.stdout().contains("INCLUDE_SERVER_DIR='/"), script::toString);
            assertTrue(script.stdout().endsWith("removed\n"), script::toString);
            assertArrayEquals(local.read("out/util.o"), tree.read("out/util.o"));
            assertTrue(debian.awaitLines("COMPILE_OK", 1), debian::log);
        }
    }

    @Test
    void withoutACppHostPumpRefusesAsDistccsDoes(Installation jdistcc) {
        Outcome refused = jdistcc.userIn(dir)
                .with("DISTCC_HOSTS", "127.0.0.1:1,lzo")
                .run(jdistcc.prefix().resolve("bin/pump").toString(), "true");

        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(
                refused.stderr()
                        .contains("pump mode requested, but distcc hosts list does not contain any hosts"
                                + " with ',cpp' option"),
                refused::toString);
        assertFalse(refused.stdout().contains("pump mode\n"), refused::toString);
    }
}
