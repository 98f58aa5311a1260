package org.jdistcc.common.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identities of real processes: a compiler made of shell scripts that answers gcc's queries (so what
 * it runs can be changed under the test's control), and the machine's gcc.
 */
class IdentityCacheTest {
    @TempDir
    Path dir;

    /** A driver that answers like gcc, logs each query, and names {@code as} as a bare name. */
    private Path fakeCompiler(String name, String version) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path driver = bin.resolve(name);
        Files.writeString(driver, """
                #!/bin/sh
                echo "$1" >> "%s"
                case "$1" in
                  -dumpversion) echo %s ;;
                  -dumpmachine) echo x86_64-test-linux ;;
                  -v) echo "Using built-in specs." >&2; echo "COLLECT_GCC=$0" >&2
                      echo "Target: x86_64-test-linux" >&2; echo "fake version %s" >&2 ;;
                  -dumpspecs) echo "*cc1: %%{fpic}" ;;
                  -print-prog-name=cc1) echo %s ;;
                  -print-prog-name=as) echo as ;;
                  *) echo "$1" ;;
                esac
                """.formatted(dir.resolve("queries.log"), version, version, cc1()));
        Files.setPosixFilePermissions(driver, PosixFilePermissions.fromString("rwxr-xr-x"));
        return driver;
    }

    private Path cc1() {
        return dir.resolve("libexec/cc1");
    }

    private Path writeProgram(Path path, String content) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\n# " + content + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }

    private Map<String, String> pathWith(Path dir) {
        return Map.of("PATH", dir + ":/usr/bin:/bin");
    }

    private long queries() throws IOException {
        Path log = dir.resolve("queries.log");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    @Test
    void theSameCompilerUnderAnotherPathHasTheSameIdentity() throws IOException {
        writeProgram(cc1(), "cc1 one");
        writeProgram(dir.resolve("tools/as"), "as one");
        Path driver = fakeCompiler("gcc", "12");
        Path link = Files.createSymbolicLink(dir.resolve("cc"), driver);
        var cache = new IdentityCache();
        CompilerIdentity direct = cache.of(driver, pathWith(dir.resolve("tools")));
        CompilerIdentity linked = cache.of(link, pathWith(dir.resolve("tools")));
        assertEquals(direct, linked);
        assertEquals("gcc 12", direct.version());
        assertEquals("x86_64-test-linux", direct.machine());
    }

    @Test
    void anotherProgramBehindTheDriverIsAnotherCompiler() throws IOException {
        writeProgram(cc1(), "cc1 one");
        Path as = writeProgram(dir.resolve("tools/as"), "as one");
        Path driver = fakeCompiler("gcc", "12");
        CompilerIdentity before = new IdentityCache().of(driver, pathWith(as.getParent()));

        writeProgram(cc1(), "cc1 two, same size");
        CompilerIdentity otherCc1 = new IdentityCache().of(driver, pathWith(as.getParent()));
        assertNotEquals(before.digest(), otherCc1.digest());

        writeProgram(cc1(), "cc1 one");
        writeProgram(dir.resolve("other-tools/as"), "as two");
        CompilerIdentity otherAs = new IdentityCache().of(driver, pathWith(dir.resolve("other-tools")));
        assertNotEquals(before.digest(), otherAs.digest(), "the as found on the compile's PATH counts");
        assertEquals(before, new IdentityCache().of(driver, pathWith(as.getParent())));
    }

    @Test
    void theSameVersionNumberFromAnotherBuildIsAnotherCompiler() throws IOException {
        writeProgram(cc1(), "cc1 one");
        Path one = fakeCompiler("gcc", "12");
        CompilerIdentity first = new IdentityCache().of(one, pathWith(dir));
        Files.writeString(one, Files.readString(one).replace("Target: x86_64-test-linux", "Target: i686-test-linux"));
        CompilerIdentity second = new IdentityCache().of(one, pathWith(dir));
        assertEquals(first.version(), second.version());
        assertNotEquals(first.digest(), second.digest());
    }

    @Test
    void anUnchangedCompilerIsAskedOnceAndAChangedOneAgain() throws IOException, InterruptedException {
        writeProgram(cc1(), "cc1 one");
        Path driver = fakeCompiler("gcc", "12");
        var cache = new IdentityCache();
        CompilerIdentity first = cache.of(driver, pathWith(dir));
        long asked = queries();
        assertEquals(first, cache.of(driver, pathWith(dir)));
        assertEquals(asked, queries(), "no query for a compiler whose files did not change");

        Thread.sleep(20); // a new change time even on a coarse clock
        writeProgram(cc1(), "cc1 two");
        CompilerIdentity changed = cache.of(driver, pathWith(dir));
        assertTrue(queries() > asked, "asked again after cc1 changed");
        assertNotEquals(first.digest(), changed.digest());
    }

    @Test
    void aDirectoryKeepsIdentitiesForTheNextProcess() throws IOException {
        writeProgram(cc1(), "cc1 one");
        Path driver = fakeCompiler("gcc", "12");
        Path keep = dir.resolve("identities");
        CompilerIdentity first = new IdentityCache(keep).of(driver, pathWith(dir));
        long asked = queries();
        assertEquals(first, new IdentityCache(keep).of(driver, pathWith(dir)));
        assertEquals(asked, queries(), "a fresh cache over the same directory asks nothing");
        assertNotEquals(
                first,
                new IdentityCache(keep)
                        .of(driver, pathWith(dir.resolve("elsewhere")))
                        .digest());
    }

    @Test
    void somethingThatIsNotACompilerHasNoIdentity() throws IOException {
        Path notCompiler = writeProgram(dir.resolve("bin/false-cc"), "exit 1");
        Files.writeString(notCompiler, "#!/bin/sh\nexit 3\n");
        IOException e = assertThrows(IOException.class, () -> new IdentityCache().of(notCompiler, pathWith(dir)));
        assertTrue(e.getMessage().contains("-dumpversion"), e.getMessage());
    }

    @Test
    void gccAndGxxAreDifferentCompilersAndEachIsStable() throws IOException {
        var env = Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        var cache = new IdentityCache();
        CompilerIdentity gcc = cache.of(Path.of("/usr/bin/gcc"), env);
        CompilerIdentity gxx = cache.of(Path.of("/usr/bin/g++"), env);
        assertNotEquals(gcc.digest(), gxx.digest());
        assertEquals(gcc, new IdentityCache().of(Path.of("/usr/bin/gcc"), env));
        assertTrue(gcc.version().contains("gcc"), gcc.version());
    }

    @Test
    void queriesOfTheVerboseOutputKeepOnlyTheBuildAndTarget() {
        assertTrue(IdentityProbe.isConfiguration("Target: x86_64-linux-gnu"));
        assertTrue(IdentityProbe.isConfiguration("gcc version 12.2.0 (Debian 12.2.0-14)"));
        assertTrue(IdentityProbe.isConfiguration("Debian clang version 14.0.6"));
        assertTrue(!IdentityProbe.isConfiguration("COLLECT_GCC=x86_64-linux-gnu-gcc"));
        assertTrue(!IdentityProbe.isConfiguration("InstalledDir: /usr/bin"));
    }
}
