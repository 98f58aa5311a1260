package org.jdistcc.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ExitCodeTest {
    @Test
    void numbersMatchDistccExitcodeH() {
        assertEquals(100, ExitCode.GENERAL.code());
        assertEquals(101, ExitCode.BAD_ARGUMENTS.code());
        assertEquals(110, ExitCode.COMPILER_MISSING.code());
        assertEquals(111, ExitCode.RECURSION.code());
        assertEquals(113, ExitCode.ACCESS_DENIED.code());
        assertEquals(116, ExitCode.NO_HOSTS.code());
        assertEquals(118, ExitCode.TIMEOUT.code());
    }

    @Test
    void compilerStatusesAreNotDistccCodes() {
        assertNull(ExitCode.of(1));
        assertEquals(ExitCode.IO_ERROR, ExitCode.of(107));
    }
}
