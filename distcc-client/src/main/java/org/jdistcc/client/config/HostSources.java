package org.jdistcc.client.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.client.hosts.CompilerMap;
import org.jdistcc.client.hosts.DiscoveryWord;
import org.jdistcc.client.hosts.HostList;
import org.jdistcc.client.hosts.HostListException;
import org.jdistcc.client.hosts.HostListParser;

/**
 * Where the host list comes from, in distcc 3.4's order: {@code $DISTCC_HOSTS}, then {@code
 * $DISTCC_DIR/hosts} (default {@code ~/.distcc/hosts}), then {@code ~/.distcc/hosts}, then {@code
 * /etc/distcc/hosts}.
 */
public final class HostSources {
    private HostSources() {}

    /** The text and its name for messages; no name and an empty text when nothing is configured. */
    public record Source(String name, String text) {}

    private static final String NOTHING = "(no hosts configured)";

    /** The system-wide host list, where Debian's distcc package keeps it. */
    public static final Path SYSCONF_DIR = Path.of("/etc/distcc");

    /**
     * The host list this client uses: found, then parsed, its discovery words replaced by the
     * volunteers {@code discoverer} finds; when it lists no host, with distcc 3.4's warning among
     * its warnings ({@code src/hosts.c}).
     */
    public static HostList read(Settings settings, DiscoveryWord.Discoverer discoverer)
            throws IOException, HostListException {
        Source source = find(settings);
        HostList list = new HostListParser(Runtime.getRuntime().availableProcessors())
                .parse(source.text(), source.name(), discoverer);
        if (!list.listed().isEmpty()) {
            return list;
        }
        List<String> warnings = new ArrayList<>(list.warnings());
        warnings.add(
                source.name().equals(NOTHING)
                        ? "no hostlist is set; can't distribute work"
                        : source.name() + " contained no hosts; can't distribute work");
        return new HostList(
                list.hosts(),
                list.words(),
                list.listed(),
                list.listedSlots(),
                list.randomize(),
                list.localSlots(),
                list.localSlotsCpp(),
                warnings);
    }

    /**
     * {@code $DISTCC_DIR/compilers}, or {@link CompilerMap#EMPTY} when there is none or it cannot be
     * read (a bad line is a warning of the map's, never a failed compile).
     */
    public static CompilerMap compilerMap(Settings settings) {
        Path file = settings.paths().compilerMap();
        try {
            return Files.isRegularFile(file)
                    ? CompilerMap.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString())
                    : CompilerMap.EMPTY;
        } catch (IOException e) {
            return new CompilerMap(List.of(), List.of("cannot read " + file + ": " + e.getMessage()));
        }
    }

    public static Source find(Settings settings) throws IOException {
        return find(
                settings.hostsVariable(), settings.distccDir(), settings.paths().home(), SYSCONF_DIR);
    }

    /**
     * Where the host list comes from, in distcc 3.4's order.
     *
     * @param fromEnv {@code DISTCC_HOSTS}, or null when unset
     */
    public static Source find(String fromEnv, Path distccDir, Path home, Path sysconfDir) throws IOException {
        if (fromEnv != null) {
            return new Source("$DISTCC_HOSTS", fromEnv);
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(distccDir.resolve("hosts"));
        if (home != null) {
            candidates.add(home.resolve(".distcc").resolve("hosts"));
        }
        candidates.add(sysconfDir.resolve("hosts"));
        for (Path file : candidates) {
            if (Files.isRegularFile(file)) {
                return new Source(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return new Source(NOTHING, "");
    }
}
