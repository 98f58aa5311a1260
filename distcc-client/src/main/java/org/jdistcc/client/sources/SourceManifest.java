package org.jdistcc.client.sources;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdistcc.client.includes.IncludeAnalysis;
import org.jdistcc.client.includes.Result;
import org.jdistcc.protocol.Manifest;

/**
 * Source mode's inputs as the volunteer will recreate them, each file by name, digest and
 * modification time, with where to read it here should the volunteer lack it: from the include
 * analysis (real paths, the links met on the way, the directories that must exist; system headers
 * too, which a jdistcc volunteer does not take from its own disk), or from a preprocessor's listing
 * when the analysis could not be sure ({@link SourcePackage}).
 */
public final class SourceManifest {
    private final List<Manifest.Entry> entries;
    private final Map<String, Path> local;
    /** The analysis that read the files, which can vouch for them by their stat; null for a listing. */
    private final IncludeAnalysis analysis;

    private SourceManifest(List<Manifest.Entry> entries, Map<String, Path> local, IncludeAnalysis analysis) {
        this.entries = List.copyOf(entries);
        this.local = Map.copyOf(local);
        this.analysis = analysis;
    }

    /** Everything {@code analysis} found, files first (the source leading). */
    public static SourceManifest of(Result.Inputs inputs, IncludeAnalysis analysis) {
        List<Manifest.Entry> entries = new ArrayList<>();
        Map<String, Path> local = new HashMap<>();
        for (Result.InputFile file : inputs.files()) {
            entries.add(
                    new Manifest.File(file.path(), file.modified().to(TimeUnit.SECONDS), file.size(), file.sha256()));
            local.put(file.path(), Path.of(file.path()));
        }
        for (Result.InputLink link : inputs.links()) {
            entries.add(new Manifest.Link(link.path(), link.target()));
        }
        for (Result.InputDirectory directory : inputs.directories()) {
            entries.add(new Manifest.Directory(directory.path()));
        }
        return new SourceManifest(entries, local, analysis);
    }

    public static SourceManifest of(SourcePackage listed) {
        Map<String, Path> local = new HashMap<>();
        for (Manifest.Entry entry : listed.entries()) {
            if (entry instanceof Manifest.File f) {
                local.put(f.name(), listed.local(f.name()));
            }
        }
        return new SourceManifest(listed.entries(), local, null);
    }

    public List<Manifest.Entry> entries() {
        return entries;
    }

    /** The digests of the files. */
    public List<String> digests() {
        List<String> digests = new ArrayList<>();
        for (Manifest.Entry entry : entries) {
            if (entry instanceof Manifest.File f) {
                digests.add(f.sha256());
            }
        }
        return digests;
    }

    /** The files' sizes together. */
    public long bytes() {
        long bytes = 0;
        for (Manifest.Entry entry : entries) {
            if (entry instanceof Manifest.File f) {
                bytes += f.size();
            }
        }
        return bytes;
    }

    /**
     * The content of the file at {@code index}, read now.
     *
     * @throws PumpInputs.Changed if it is not what the manifest says any more
     */
    public byte[] content(int index) throws IOException, PumpInputs.Changed {
        if (!(entries.get(index) instanceof Manifest.File file)) {
            throw new IllegalArgumentException("entry " + index + " is not a file");
        }
        return PumpInputs.read(
                local.get(file.name()),
                file.size(),
                file.sha256(),
                analysis,
                file.name() + " changed while it was sent");
    }
}
