package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import org.jdistcc.protocol.CompilerFacts;
import org.jdistcc.protocol.Hello;
import org.jdistcc.protocol.MessageWriter;
import org.jdistcc.protocol.ProtocolVersion;

/**
 * What a jdistcc client learning what we are is told: every dialect feature we serve, how many
 * compilers may run at once and how many slots are free now (for its placement), and our compilers'
 * identities. No compile follows.
 */
final class HelloAnswer {
    private HelloAnswer() {}

    static void send(ServingConfig config, OutputStream out) throws IOException {
        Map<String, String> facts = new HashMap<>(Map.of(
                "server", "jdistcc",
                "version", config.stats().info().version(),
                "free", Integer.toString(config.compileSlots().availablePermits()),
                "cores", Integer.toString(Runtime.getRuntime().availableProcessors()),
                "cache", config.cache() == null ? "off" : config.cache().kind()));
        var compilers = config.identities().list();
        CompilerFacts.add(facts, compilers.identities(), compilers.complete());
        MessageWriter.writeHello(out, new Hello(ProtocolVersion.ALL_FEATURES, facts));
        out.flush();
    }
}
