package org.jdistcc.client.includes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns what a {@link ClosureWalk} gathered into {@link Result.Inputs}. */
final class ResultBuilder {
    private ResultBuilder() {}

    static Result.Inputs inputs(
            Map<String, FileFacts> read,
            Map<String, FileFacts> probed,
            Map<String, String> links,
            Set<String> directories,
            List<SearchPath.Directory> builtIn) {
        List<String> system = new ArrayList<>(builtIn.size());
        builtIn.forEach(d -> system.add(d.real()));
        List<Result.InputFile> files = new ArrayList<>(read.size() + probed.size());
        read.forEach((path, facts) -> files.add(file(path, facts, system)));
        probed.forEach((path, facts) -> {
            if (!read.containsKey(path)) {
                files.add(file(path, facts, system));
            }
        });
        List<Result.InputLink> linkList = new ArrayList<>(links.size());
        links.forEach((path, target) -> linkList.add(new Result.InputLink(path, target, under(path, system))));
        // A directory above a file or link exists on the other side anyway.
        Set<String> implied = new HashSet<>();
        for (Result.InputFile file : files) {
            addAncestors(file.path(), implied);
        }
        for (Result.InputLink link : linkList) {
            addAncestors(link.path(), implied);
        }
        List<Result.InputDirectory> directoryList = new ArrayList<>();
        for (String directory : directories) {
            if (!directory.equals("/") && !implied.contains(directory)) {
                directoryList.add(new Result.InputDirectory(directory, under(directory, system)));
            }
        }
        return new Result.Inputs(files, linkList, directoryList, system);
    }

    private static Result.InputFile file(String path, FileFacts facts, List<String> system) {
        return new Result.InputFile(path, facts.sha256(), facts.size(), facts.modified(), under(path, system));
    }

    private static void addAncestors(String path, Set<String> out) {
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            if (!out.add(path.substring(0, slash))) {
                return;
            }
        }
    }

    /** Whether {@code path} is one of the directories or below one. */
    static boolean under(String path, List<String> directories) {
        for (String directory : directories) {
            if (path.equals(directory)
                    || (path.startsWith(directory)
                            && path.length() > directory.length()
                            && path.charAt(directory.length()) == '/')
                    || directory.equals("/")) {
                return true;
            }
        }
        return false;
    }
}
