package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Outcome;

/**
 * Two network namespaces joined by a veth pair on a private /24 of their own, {@code .1} in the
 * first, {@code .2} in the second: a link on which multicast goes from one to the other and to
 * nothing else. Needs root; deleted on close (which takes the veth pair with it).
 */
final class NamespacePair implements AutoCloseable {
    final String first;
    final String second;
    final String firstAddress;
    final String secondAddress;
    private final List<String> made = new ArrayList<>();

    NamespacePair(String tag) {
        long id = ProcessHandle.current().pid() % 100_000;
        this.first = "jd" + tag + id + "a";
        this.second = "jd" + tag + id + "b";
        String subnet = "10.213." + (id % 250 + 1);
        this.firstAddress = subnet + ".1";
        this.secondAddress = subnet + ".2";
        try {
            for (String ns : List.of(first, second)) {
                ip("netns", "add", ns);
                made.add(ns);
                ip("-n", ns, "link", "set", "lo", "up");
            }
            ip("-n", first, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", second);
            ip("-n", first, "addr", "add", firstAddress + "/24", "dev", "eth0");
            ip("-n", second, "addr", "add", secondAddress + "/24", "dev", "eth0");
            ip("-n", first, "link", "set", "eth0", "up");
            ip("-n", second, "link", "set", "eth0", "up");
        } catch (AssertionError e) {
            close();
            throw e;
        }
    }

    static boolean canMake() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** {@code command} run in namespace {@code ns} by {@code runner}. */
    static List<String> in(String ns, String... command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(command));
        return all;
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Outcome out = CommandRunner.in(java.nio.file.Path.of("/")).run(command);
        assertEquals(0, out.exitCode(), () -> String.join(" ", command) + ": " + out);
    }

    @Override
    public void close() {
        for (String ns : made) {
            CommandRunner.in(java.nio.file.Path.of("/")).run("ip", "netns", "del", ns);
        }
        made.clear();
    }
}
