package org.jdistcc.daemon.fidelity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Our {@code distcc} client as a command: a JVM on this test's class path running its {@code Main}. */
final class ClientProcess {
    private ClientProcess() {}

    static List<String> command(List<String> compilerCommand) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
        command.add("--sun-misc-unsafe-memory-access=allow");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.jdistcc.client.Main");
        command.addAll(compilerCommand);
        return command;
    }
}
