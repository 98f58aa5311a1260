package org.jdistcc.client.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.jdistcc.protocol.Compression;
import org.junit.jupiter.api.Test;

class CompilerMapTest {
    static final HostSpec BOX = new HostSpec.Tcp("10.0.0.5", 3632, 4, Compression.NONE, false);
    static final HostSpec BOX_OTHER_PORT = new HostSpec.Tcp("10.0.0.5", 4000, 4, Compression.NONE, false);
    static final HostSpec ELSEWHERE = new HostSpec.Tcp("buildbox", 3632, 4, Compression.NONE, false);

    static final CompilerMap MAP = CompilerMap.parse("""
            # cross compilers built on each volunteer
            10.0.0.5:3632   arm-linux-gnueabihf-gcc   arm-linux-gnueabihf-gcc-12
            BuildBox        gcc                       =      # trusted although it differs
            *               x86_64-linux-gnu-g++      g++-12
            10.0.0.5        too many words here
            10.0.0.5:x      gcc                       gcc
            """, "compilers");

    @Test
    void aLineMapsTheCompilerAsTypedOrAsSentOnItsHostsOnly() {
        assertEquals(
                "arm-linux-gnueabihf-gcc-12",
                MAP.volunteerName(BOX, "arm-linux-gnueabihf-gcc", "arm-linux-gnueabihf-gcc"));
        assertNull(MAP.volunteerName(BOX_OTHER_PORT, "arm-linux-gnueabihf-gcc", "arm-linux-gnueabihf-gcc"));
        assertEquals("gcc", MAP.volunteerName(ELSEWHERE, "x86_64-linux-gnu-gcc", "gcc"), "'=' keeps the name");
        assertEquals("gcc", MAP.volunteerName(ELSEWHERE, "x86_64-linux-gnu-gcc", "/usr/bin/gcc"));
        assertNull(MAP.volunteerName(BOX, "x86_64-linux-gnu-gcc", "gcc"));
    }

    @Test
    void aStarMatchesEveryVolunteerButNotThisMachine() {
        assertEquals("g++-12", MAP.volunteerName(BOX, "x86_64-linux-gnu-g++", "g++"));
        assertEquals("g++-12", MAP.volunteerName(ELSEWHERE, "x86_64-linux-gnu-g++", "g++"));
        assertNull(MAP.volunteerName(new HostSpec.Local(2), "x86_64-linux-gnu-g++", "g++"));
    }

    @Test
    void badLinesAreWarningsWithTheirLineNumbers() {
        assertEquals(3, MAP.entries().size());
        assertEquals(
                List.of(
                        "compilers:5: ignored, not 'HOST[:PORT] LOCAL VOLUNTEER': 10.0.0.5        too many words here",
                        "compilers:6: ignored, not 'HOST[:PORT] LOCAL VOLUNTEER': 10.0.0.5:x      gcc"
                                + "                       gcc"),
                MAP.warnings());
    }
}
