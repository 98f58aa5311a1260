package org.jdistcc.client.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jdistcc.common.toolchain.CompilerIdentity;
import org.jdistcc.protocol.CompilerFacts;
import org.jdistcc.protocol.ProtocolVersion;
import org.junit.jupiter.api.Test;

/** Who gets a job, by what the volunteer said of its compilers. */
class CompilerMatchTest {
    static final String GCC = "a".repeat(64);
    static final String CLANG = "b".repeat(64);
    static final CompilerIdentity OURS = new CompilerIdentity(GCC, "x86_64-linux-gnu-gcc-12 12", "x86_64-linux-gnu");
    static final int SERVES = ProtocolVersion.FEATURE_LZ4 | ProtocolVersion.FEATURE_IDENTITY;

    static KnownVolunteers.Known jdistcc(Map<String, String> compilers, boolean all) {
        Map<String, String> facts = new HashMap<>();
        CompilerFacts.add(facts, compilers, all);
        return new KnownVolunteers.Known(KnownVolunteers.Dialect.JDISTCC, SERVES, Instant.now(), facts);
    }

    @Test
    void aVolunteerWithThisMachinesCompilerGetsTheJob() {
        var match = CompilerMatch.of(jdistcc(Map.of("gcc", GCC), true), "gcc", OURS, null);
        assertInstanceOf(CompilerMatch.Same.class, match);
        assertNull(match.whyNot("gcc", true));
    }

    @Test
    void aVolunteerWhoseGccIsClangGetsNoJobAndSaysWhy() {
        var match = CompilerMatch.of(jdistcc(Map.of("gcc", CLANG), true), "gcc", OURS, null);
        assertTrue(match.isMismatch());
        assertEquals(
                "its gcc is another compiler (bbbbbbbbbbbb, here x86_64-linux-gnu-gcc-12 12 x86_64-linux-gnu aaaaaaaaaaaa)",
                match.whyNot("gcc", false));
    }

    @Test
    void aMappedCompilerIsTrustedWithoutLooking() {
        var match = CompilerMatch.of(jdistcc(Map.of("gcc", CLANG), true), "gcc", OURS, "gcc-13");
        assertEquals(new CompilerMatch.Mapped("gcc-13"), match);
        assertNull(match.whyNot("gcc", true));
    }

    @Test
    void aNameTheVolunteerDidNotListIsCheckedByTheJob() {
        var match = CompilerMatch.of(jdistcc(Map.of("cc", GCC), false), "gcc", OURS, null);
        assertInstanceOf(CompilerMatch.CheckedPerJob.class, match);
        assertNull(match.whyNot("gcc", true));
    }

    @Test
    void distccVolunteersAreUsedAsDistccWouldUnlessVerificationIsAsked() {
        var distcc = new KnownVolunteers.Known(KnownVolunteers.Dialect.DISTCC, 0, Instant.now(), Map.of());
        var match = CompilerMatch.of(distcc, "gcc", OURS, null);
        assertInstanceOf(CompilerMatch.Unverifiable.class, match);
        assertNull(match.whyNot("gcc", false));
        assertEquals(
                "its gcc cannot be verified (a distcc volunteer cannot say what its compiler is) and"
                        + " JDISTCC_VERIFY_COMPILER=1",
                match.whyNot("gcc", true));
        assertTrue(CompilerMatch.of(null, "gcc", OURS, null).whyNot("gcc", true) != null, "nothing known");
    }

    @Test
    void withoutAnIdentityHereNothingCanBeCompared() {
        var match = CompilerMatch.of(jdistcc(Map.of("gcc", GCC), true), "gcc", null, null);
        assertInstanceOf(CompilerMatch.Unverifiable.class, match);
    }
}
