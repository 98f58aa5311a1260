package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The compiler's default include directories and its implicit pre-include, as {@code gcc -x c -E -v
 * /dev/null} shows them, one probe per compiler and option set, cached. Source mode turns the defaults
 * off ({@code -nostdinc}) and puts the same directories back under the job's root, so that the
 * client's copies of the system headers are read, found in the same order as on the client, and
 * named as there once the root is mapped away.
 *
 * <p>The volunteer's compiler must be the client's (same version and configuration), as for any
 * byte-identical result; a volunteer whose defaults differ finds no header where the client's did,
 * the compile fails, and the client compiles locally.
 */
public final class DefaultSearchPaths {
    private static final int MAX_CACHED = 256;
    private static final long PROBE_SECONDS = 60;

    /**
     * @param directories the bracket search chain of a command with no {@code -I}-like options, in order
     * @param preinclude what gcc includes before the source ({@code stdc-predef.h} with glibc), relative to
     *     the directory it was found in, or null
     */
    record SearchPath(List<String> directories, String preinclude) {
        SearchPath {
            directories = List.copyOf(directories);
        }
    }

    private record Key(Path compiler, long size, long modified, List<String> options) {}

    private final Map<Key, SearchPath> cache = new ConcurrentHashMap<>();

    /**
     * @param compiler the compiler the job runs
     * @param searchOptions {@link org.jdistcc.common.args.CompilerCommand#includeSearchOptions()}
     */
    SearchPath of(Path compiler, List<String> searchOptions) throws IOException, InterruptedException {
        Path real = compiler.toRealPath();
        var key =
                new Key(real, Files.size(real), Files.getLastModifiedTime(real).toMillis(), List.copyOf(searchOptions));
        SearchPath known = cache.get(key);
        if (known != null) {
            return known;
        }
        SearchPath probed = probe(compiler, searchOptions);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(key, probed);
        return probed;
    }

    static SearchPath probe(Path compiler, List<String> searchOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(compiler.toString());
        command.addAll(searchOptions);
        command.addAll(List.of("-E", "-v", "-o", "-", "/dev/null"));
        var builder =
                new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.keySet().retainAll(List.of("PATH"));
        // The list's headings are translated in other locales.
        env.put("LC_ALL", "C");
        Process process = builder.start();
        CompletableFuture<byte[]> stdout = drain(process.getInputStream());
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
        // Destroy only a process that did not finish: Process.destroy also closes its pipes, and
        // a drain thread not yet done would then read nothing, an empty search path (seen under load).
        if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(compiler + " did not list its include directories in " + PROBE_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(compiler + " " + String.join(" ", searchOptions) + " -E -v failed with status "
                    + process.exitValue());
        }
        List<String> directories = parseDirectories(new String(stderr.join(), StandardCharsets.UTF_8));
        String preinclude = parsePreinclude(new String(stdout.join(), StandardCharsets.UTF_8), directories);
        return new SearchPath(directories, preinclude);
    }

    private static CompletableFuture<byte[]> drain(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (in) {
                        return in.readAllBytes();
                    } catch (IOException e) {
                        return new byte[0];
                    }
                },
                r -> Thread.ofVirtual().start(r));
    }

    /** The lines between {@code #include <...> search starts here:} and {@code End of search list.} */
    static List<String> parseDirectories(String verbose) {
        List<String> directories = new ArrayList<>();
        boolean inList = false;
        for (String line : verbose.split("\n", -1)) {
            if (line.startsWith("#include <...> search starts here:")) {
                inList = true;
            } else if (line.startsWith("End of search list.")) {
                return directories;
            } else if (inList && line.startsWith(" ")) {
                String directory = line.strip();
                // Darwin marks frameworks; not a directory name.
                if (directory.endsWith(" (framework directory)")) {
                    continue;
                }
                // As printed, not normalised: gcc names headers by the directory as written, and some
                // builds write /usr/lib/gcc/x86_64-linux-gnu/12/../../../../include/c++/12.
                directories.add(directory);
            }
        }
        return directories;
    }

    /**
     * The first file entered before the source in {@code -E} output of an empty file ({@code # 1
     * "/usr/include/stdc-predef.h" 1 3 4}), named relative to its search directory.
     */
    static String parsePreinclude(String preprocessed, List<String> directories) {
        for (String line : preprocessed.split("\n", -1)) {
            if (!line.startsWith("# ")) {
                continue;
            }
            int open = line.indexOf('"');
            int close = line.lastIndexOf('"');
            if (open < 0 || close <= open) {
                continue;
            }
            String name = line.substring(open + 1, close);
            if (name.startsWith("<") || name.equals("/dev/null")) {
                continue;
            }
            if (!line.substring(close).startsWith("\" 1")) {
                continue;
            }
            for (String directory : directories) {
                if (name.startsWith(directory + "/")) {
                    return name.substring(directory.length() + 1);
                }
            }
            return null;
        }
        return null;
    }

    @Override
    public String toString() {
        return "DefaultSearchPaths" + Objects.toString(cache.keySet());
    }
}
