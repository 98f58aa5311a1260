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
}
