package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import org.jdistcc.daemon.status.SlotFigures;
import org.jdistcc.protocol.CompilerFacts;
import org.jdistcc.protocol.Hello;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.ProtocolVersion;

/**
 * What a jdistcc client learning what we are is told: every dialect feature we serve, how busy we
 * are now ({@link SlotFigures}: {@code --jobs}, free slots, jobs queued, recent pace) for its
 * placement, how many clients our {@link WaitingRoom} holds ({@code room}), and our compilers'
 * identities. A client asks again every few hundred milliseconds while it places compiles. No
 * compile follows, except after the answer to a wait that says {@code invited=yes}.
 */
final class HelloAnswer {
    private HelloAnswer() {}

    static void send(ServingConfig config, OutputStream out) throws IOException {
        send(config, out, Map.of());
    }

    /** The answer, with {@code extra} facts (the waiting room's {@code invited}). */
    static void send(ServingConfig config, OutputStream out, Map<String, String> extra) throws IOException {
        SlotFigures slots = config.stats().slots();
        Map<String, String> facts = new HashMap<>(extra);
        facts.putAll(Map.of(
                "server",
                "jdistcc",
                "version",
                config.stats().info().version(),
                "cores",
                Integer.toString(Runtime.getRuntime().availableProcessors()),
                "cache",
                config.cache() == null ? "off" : config.cache().kind(),
                "room",
                Integer.toString(WaitingRoom.capacity(slots, config))));
        if (slots != null) {
            slots.addTo(facts);
        } else {
            facts.put("free", Integer.toString(config.compileSlots().availablePermits()));
        }
        var compilers = config.identities().list();
        CompilerFacts.add(facts, compilers.identities(), compilers.complete());
        MessageWriter.writeHello(out, new Hello(ProtocolVersion.ALL_FEATURES, facts));
        out.flush();
    }
}
