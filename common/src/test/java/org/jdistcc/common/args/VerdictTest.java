package org.jdistcc.common.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jdistcc.common.args.Verdict.LocalOnly;
import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void describesTheReasonWithItsDetail() {
        assertEquals("unknown source extension .s", new LocalOnly(Reason.UNSUPPORTED_SOURCE, ".s").describe());
        assertEquals("-march=native", new LocalOnly(Reason.NATIVE_ARCH, "").describe());
        assertEquals(
                "-x language we cannot preprocess assembler",
                ((LocalOnly) CommandLines.parse("gcc -x assembler -c x.c").verdict()).describe());
    }

    @Test
    void tellsDistccRulesFromOurs() {
        assertTrue(Reason.LINKING.enforcedByDistcc());
        assertTrue(Reason.NATIVE_ARCH.enforcedByDistcc());
        assertFalse(Reason.SIDE_FILES.enforcedByDistcc());
        assertFalse(Reason.RESPONSE_FILE.enforcedByDistcc());
    }

    @Test
    void reportsTheFirstOptionProblemBeforeLinking() {
        LocalOnly local =
                (LocalOnly) CommandLines.parse("gcc -march=native -flto x.c").verdict();
        assertEquals(Reason.NATIVE_ARCH, local.reason());
    }
}
