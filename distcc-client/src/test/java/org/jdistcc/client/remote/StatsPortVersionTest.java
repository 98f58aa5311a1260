package org.jdistcc.client.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatsPortVersionTest {
    @Test
    void findsTheVersionInAJdistccStatusPage() {
        assertEquals(
                "0.1.0",
                StatsPortVersion.versionIn(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"server\":{\"version\":\"0.1.0\","));
    }

    @Test
    void findsNothingInARefusalOrInDistccsPage() {
        assertEquals("", StatsPortVersion.versionIn("HTTP/1.0 403 Forbidden\r\n\r\n"));
        assertEquals("", StatsPortVersion.versionIn("HTTP/1.0 200 OK\r\n\r\nargv /distccd\n<distccstats>\n"));
        assertEquals("", StatsPortVersion.versionIn("HTTP/1.1 200 OK\r\n\r\n{\"version\":\"1\\n2\"}"));
    }
}
