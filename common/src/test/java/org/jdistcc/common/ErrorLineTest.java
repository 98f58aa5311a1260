package org.jdistcc.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorLineTest {
    @Test
    void namesTheProgramAndThisProcessAsDistccDoes() {
        long pid = ProcessHandle.current().pid();
        assertEquals(
                "distccd[" + pid + "] ERROR: compiler 'cc' not allowed\n",
                ErrorLine.of("distccd", "compiler 'cc' not allowed"));
        assertArrayEquals(
                ("distcc[" + pid + "] ERROR: « no hosts »\n").getBytes(StandardCharsets.UTF_8),
                ErrorLine.bytes("distcc", "« no hosts »"));
    }

    @Test
    void leavesThePidOutBeforeTheProgramRuns() {
        assertEquals(
                "distccd: ERROR: --port must be between 1 and 65535\n",
                ErrorLine.withoutPid("distccd", "--port must be between 1 and 65535"));
    }
}
