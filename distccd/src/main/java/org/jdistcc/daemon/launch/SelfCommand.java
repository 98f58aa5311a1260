package org.jdistcc.daemon.launch;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line that started this JVM, to start it again: a JVM can neither fork nor change its
 * user, so detaching and dropping root both re-execute the daemon.
 */
final class SelfCommand {
    private SelfCommand() {}

    static List<String> current() {
        var info = ProcessHandle.current().info();
        String java =
                info.command().orElse(ProcessHandle.current().info().command().orElse("java"));
        String[] args =
                info.arguments().orElseThrow(() -> new IllegalStateException("cannot read this JVM's arguments"));
        var command = new ArrayList<String>();
        command.add(java);
        command.addAll(List.of(args));
        return command;
    }
}
