package org.jdistcc.daemon.compilers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identities a volunteer lists in its hello, of the machine's real gcc. */
class CompilerIdentitiesTest {
    @TempDir
    Path temp;

    private CompilerIdentities identities(Set<String> names, boolean anyName) {
        var locator = new CompilerLocator("/usr/bin:/bin", temp.resolve("none"));
        return new CompilerIdentities(
                new CompilerWhitelist(temp.resolve("none"), names, anyName), locator, System.getenv());
    }

    @Test
    void everyAllowedNameFoundIsListedWithItsCompilersIdentity() throws Exception {
        var identities = identities(Set.of("gcc", "no-such-compiler-here"), false);
        CompilerIdentities.Listed listed = identities.list();
        assertEquals(Set.of("gcc"), listed.identities().keySet(), "a name with no compiler is not listed");
        assertTrue(listed.complete());
        Path gcc = new CompilerLocator("/usr/bin:/bin", temp.resolve("none")).locate("gcc");
        assertEquals(identities.of(gcc).digest(), listed.identities().get("gcc"));
    }

    @Test
    void afterAWarmUpTheListIsTheSameAndAnyNameMakesItIncomplete() throws Exception {
        var identities = identities(Set.of("gcc"), true);
        identities.warmUp();
        CompilerIdentities.Listed warm = identities.list();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (warm.identities().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            warm = identities.list();
        }
        assertEquals(Set.of("gcc"), warm.identities().keySet());
        assertFalse(warm.complete(), "with any name allowed, more may run than are listed");
    }

    /** Hellos come every few hundred milliseconds: the list is made again once it is a second old. */
    @Test
    void aListIsKeptASecondThenMadeAgain() throws Exception {
        Path bin = java.nio.file.Files.createDirectories(temp.resolve("bin"));
        var locator = new CompilerLocator(bin + ":/usr/bin:/bin", temp.resolve("none"));
        var identities = new CompilerIdentities(
                new CompilerWhitelist(temp.resolve("none"), Set.of("gcc", "later-cc"), false),
                locator,
                System.getenv());
        identities.warmUp();
        CompilerIdentities.Listed first = identities.list();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (first.identities().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            first = identities.list();
        }
        Path later = bin.resolve("later-cc");
        java.nio.file.Files.createSymbolicLink(later, Path.of("/usr/bin/gcc"));
        assertTrue(identities.list() == first, "the same list within a second");
        Thread.sleep(CompilerIdentities.LIST_AGAIN.toMillis() + 100);
        CompilerIdentities.Listed again = identities.list();
        // Made again: the compiler installed since is seen, its identity not yet worked out (a hello
        // answers at once), so the list says it is not complete.
        assertTrue(first.complete());
        assertFalse(again.complete(), "a compiler installed since shows");
    }
}
