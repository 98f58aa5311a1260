package org.jdistcc.client.sources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdistcc.client.includes.IncludeAnalysis;
import org.jdistcc.client.includes.Result;
import org.jdistcc.common.digest.Sha256;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.PumpEntry;

/**
 * What distcc 3.4's pump mode ships for a compile, from an include analysis, in the order its include
 * server lists it: the files (source first), a link per compiler default directory, the other links,
 * the directories that must exist. Files, links and directories under the compiler's default
 * directories are not shipped: the volunteer's compiler has its own (the include server's "system
 * headers"). {@code distcc --scan-includes} prints this list; the pump dialect sends it.
 */
public final class PumpInputs {
    /**
     * distcc's include server climbs this many directories above any server root before coming back
     * down to a default directory (include_server/basics.py, {@code MAX_COMPONENTS_IN_SERVER_ROOT}).
     */
    static final int SERVER_ROOT_DEPTH = 20;

    /** The include server's empty file that makes a directory exist (include_server/include_analyzer.py). */
    static final String FORCING_FILE = "forcing_technique_271828";

    /** One shipped item, named as distcc 3.4's {@code --scan-includes} names its kind. */
    public sealed interface Item {
        String path();

        /** {@code FILE}, {@code SYMLINK}, {@code DIRECTORY} or {@code SYSTEMDIR}. */
        String kind();
    }

    public record File(String path, String sha256) implements Item {
        @Override
        public String kind() {
            return "FILE";
        }
    }

    /**
     * A symbolic link met on the way to an input.
     *
     * @param target the real path the link leads to, sent absolute as the include server sends it
     */
    public record Link(String path, String target) implements Item {
        @Override
        public String kind() {
            return "SYMLINK";
        }
    }

    public record Directory(String path) implements Item {
        @Override
        public String kind() {
            return "DIRECTORY";
        }
    }

    /** A compiler default directory: a link that leads the server back to its own copy. */
    public record SystemDirectory(String path) implements Item {
        @Override
        public String kind() {
            return "SYSTEMDIR";
        }
    }

    /** A file changed between the analysis and its sending: the list is no longer true. */
    public static final class Changed extends Exception {
        private static final long serialVersionUID = 1L;

        public Changed(String message) {
            super(message);
        }
    }

    private PumpInputs() {}

    public static List<Item> of(Result.Inputs inputs) {
        List<Item> items = new ArrayList<>();
        for (Result.InputFile file : inputs.files()) {
            if (!file.inSystemDirectory()) {
                items.add(new File(file.path(), file.sha256()));
            }
        }
        List<String> system = outermost(inputs.systemDirectories());
        for (String directory : system) {
            items.add(new SystemDirectory(directory));
        }
        for (Result.InputLink link : inputs.links()) {
            if (!link.inSystemDirectory()) {
                items.add(new Link(link.path(), link.target()));
            }
        }
        for (Result.InputDirectory directory : inputs.directories()) {
            // A directory above a default directory exists on the volunteer through its link.
            if (!directory.inSystemDirectory()
                    && system.stream().noneMatch(s -> s.startsWith(directory.path() + "/"))) {
                items.add(new Directory(directory.path()));
            }
        }
        return items;
    }

    /**
     * The protocol-3 entries of {@code items}, each file read now and checked against the digest
     * {@code analysis} gave: by its stat where the analysis trusted it, else by hashing it again.
     *
     * @throws Changed if a file is no longer what the analysis read
     */
    public static List<PumpEntry> entries(List<Item> items, IncludeAnalysis analysis) throws IOException, Changed {
        List<PumpEntry> entries = new ArrayList<>(items.size());
        for (Item item : items) {
            entries.add(
                    switch (item) {
                        case File f -> new PumpEntry.File(f.path(), new Payload.Bytes(read(f, analysis)));
                        case Link l -> new PumpEntry.Link(l.path(), l.target());
                        case Directory d ->
                            new PumpEntry.File(
                                    (d.path().equals("/") ? "" : d.path()) + "/" + FORCING_FILE, Payload.EMPTY);
                        case SystemDirectory s -> new PumpEntry.Link(s.path(), climbingLink(s.path()));
                    });
        }
        return entries;
    }

    /**
     * The include server's link for a default directory: enough {@code ../} to climb out of any
     * server root, then the directory's own name (include_server/compiler_defaults.py).
     */
    static String climbingLink(String directory) {
        int depth = (int) directory.chars().filter(c -> c == '/').count();
        return "../".repeat(SERVER_ROOT_DEPTH + depth) + directory.substring(1);
    }

    /**
     * The directories not below another of the list, in order: a link for {@code /usr/include}
     * covers {@code /usr/include/x86_64-linux-gnu}, as the include server finds when it makes them.
     */
    static List<String> outermost(List<String> directories) {
        List<String> kept = new ArrayList<>();
        for (String directory : directories) {
            boolean covered = false;
            for (String other : directories) {
                if (!other.equals(directory) && (other.equals("/") || directory.startsWith(other + "/"))) {
                    covered = true;
                    break;
                }
            }
            if (!covered && !kept.contains(directory)) {
                kept.add(directory);
            }
        }
        return kept;
    }

    private static byte[] read(File file, IncludeAnalysis analysis) throws IOException, Changed {
        return read(
                Path.of(file.path()),
                -1,
                file.sha256(),
                analysis,
                file.path() + " changed after its headers were listed");
    }

    /**
     * The content of {@code path}, which was read before with digest {@code sha256}. Hashing every
     * header again at each send was a sixth of the agent's CPU in a pump build; a stat after the read
     * that still matches the one the analysis trusted proves the same content.
     *
     * @param size the expected length, or -1 when the caller does not know it
     * @param analysis the include analysis that read it, or null (a preprocessor's listing): hashed
     * @param changed what {@link Changed} says when it is not that content any more
     */
    static byte[] read(Path path, long size, String sha256, IncludeAnalysis analysis, String changed)
            throws IOException, Changed {
        byte[] content = Files.readAllBytes(path);
        boolean vouched = analysis != null && analysis.unchanged(path.toString(), sha256);
        if ((size >= 0 && content.length != size)
                || (!vouched && !sha256(content).equals(sha256))) {
            throw new Changed(changed);
        }
        return content;
    }

    /** Lowercase hex, as the analysis gives it. */
    static String sha256(byte[] content) {
        return Sha256.hex(content);
    }
}
