package org.jdistcc.client.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.protocol.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownVolunteersTest {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final HostSpec HOST = new HostSpec.Tcp("build1", 3632, 4, Compression.NONE, false);

    @TempDir
    Path dir;

    KnownVolunteers at(Instant when) {
        return new KnownVolunteers(dir, Clock.fixed(when, ZoneOffset.UTC));
    }

    @Test
    void remembersADialectWithItsFactsForEveryClientOfTheUser() {
        at(T0).remember(HOST, KnownVolunteers.Dialect.JDISTCC, 0xf, Map.of("version", "0.1.0", "jobs", "4"));
        var known = at(T0.plusSeconds(3600)).get(HOST);
        assertEquals(KnownVolunteers.Dialect.JDISTCC, known.dialect());
        assertEquals(0xf, known.features());
        assertEquals(Map.of("version", "0.1.0", "jobs", "4"), known.facts());
        assertEquals(T0, known.learned());
    }

    @Test
    void knowledgeExpiresSoAnUpgradedVolunteerIsNoticed() {
        at(T0).remember(HOST, KnownVolunteers.Dialect.DISTCC, 0, Map.of());
        assertEquals(
                KnownVolunteers.Dialect.DISTCC,
                at(T0.plusSeconds(59 * 60)).get(HOST).dialect());
        assertNull(at(T0.plusSeconds(61 * 60)).get(HOST), "distcc volunteers are asked again after an hour");
        at(T0).remember(HOST, KnownVolunteers.Dialect.JDISTCC, 1, Map.of());
        assertEquals(1, at(T0.plusSeconds(23 * 3600)).get(HOST).features());
        assertNull(at(T0.plusSeconds(25 * 3600)).get(HOST), "jdistcc volunteers after a day");
    }

    @Test
    void aTornOrForeignFileIsNotKnowledge() throws Exception {
        Files.createDirectories(dir.resolve("volunteers"));
        Files.writeString(dir.resolve("volunteers/tcp_build1_3632"), "dialect=JDIST");
        assertNull(at(T0).get(HOST));
        at(T0).remember(HOST, KnownVolunteers.Dialect.DISTCC, 0, Map.of("evil\nkey", "x"));
        assertEquals(Map.of(), at(T0).get(HOST).facts(), "a fact that would break the file is dropped");
        at(T0).forget(HOST);
        assertNull(at(T0).get(HOST));
    }
}
