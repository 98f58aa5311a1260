package org.jdistcc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The client's packages by floor (docs/architecture.md): a package may use only the packages listed
 * for it, which all stand on lower floors, so no import runs back up and no two packages form a
 * circle. Read from the main sources' text: imports and fully qualified names both count.
 */
class FloorsTest {
    /** Each package (under org.jdistcc.client; "" is the root) and what it may use. */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("job", Set.of()),
            Map.entry("hosts", Set.of()),
            // The include analysis (pump mode) takes what it needs as parameters: no client package.
            Map.entry("includes", Set.of()),
            Map.entry("config", Set.of("job")),
            Map.entry("args", Set.of("config")),
            Map.entry("sources", Set.of("job")),
            Map.entry("scheduling", Set.of("hosts")),
            Map.entry("remote", Set.of("config", "hosts")),
            Map.entry("stats", Set.of("remote")),
            Map.entry("monitor", Set.of("config", "remote", "stats")),
            Map.entry(
                    "compile",
                    Set.of("job", "config", "hosts", "args", "sources", "scheduling", "remote", "stats", "monitor")),
            Map.entry("", Set.of("job", "config", "args", "compile", "monitor", "stats")),
            Map.entry("agent", Set.of("", "job", "config")),
            Map.entry("lsdistcc", Set.of("config", "hosts", "remote")));

    static final Pattern USE =
            Pattern.compile("org\\.jdistcc\\.client\\.([a-z]+)\\.[A-Z]|org\\.jdistcc\\.client\\.([A-Z])");

    @Test
    void everyPackageUsesOnlyTheFloorsBelowIt() throws IOException {
        Path root = Path.of("src/main/java/org/jdistcc/client");
        Map<String, Set<String>> used = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(file.getParent()).toString().replace('/', '.');
                var uses = used.computeIfAbsent(pkg, k -> new TreeSet<>());
                var m = USE.matcher(Files.readString(file));
                while (m.find()) {
                    String target = m.group(1) != null ? m.group(1) : "";
                    if (!target.equals(pkg)) {
                        uses.add(target);
                    }
                }
            }
        }
        List<String> wrong = new ArrayList<>();
        for (var e : used.entrySet()) {
            Set<String> allowed = ALLOWED.get(e.getKey());
            if (allowed == null) {
                wrong.add("package '" + e.getKey() + "' has no floor in FloorsTest and docs/architecture.md");
                continue;
            }
            for (String target : e.getValue()) {
                if (!allowed.contains(target)) {
                    wrong.add("'" + e.getKey() + "' uses '" + target + "'");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** The allowed uses themselves have no circle, so the packages stack up in floors. */
    @Test
    void theAllowedUsesFormNoCircle() {
        Set<String> placed = new TreeSet<>();
        List<String> floors = new ArrayList<>();
        while (placed.size() < ALLOWED.size()) {
            Set<String> floor = new TreeSet<>();
            for (var e : ALLOWED.entrySet()) {
                if (!placed.contains(e.getKey()) && placed.containsAll(e.getValue())) {
                    floor.add(e.getKey().isEmpty() ? "(root)" : e.getKey());
                }
            }
            assertEquals(false, floor.isEmpty(), "a circle among " + ALLOWED.keySet() + " minus " + placed);
            floors.add(String.join(" ", floor));
            placed.addAll(floor.stream().map(f -> f.equals("(root)") ? "" : f).toList());
        }
        System.out.println("client floors, bottom up: " + String.join(" | ", floors));
    }
}
