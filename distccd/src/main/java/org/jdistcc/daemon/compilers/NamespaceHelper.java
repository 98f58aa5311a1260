package org.jdistcc.daemon.compilers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The default sandbox: {@code distccd-sandbox} (distccd/src/main/c/distccd-sandbox.c,
 * built by scripts/install.sh) creates the same namespaces with {@code unshare(2)}, builds the same
 * root from the {@link SandboxView}, sets the {@link CompilerLimits} itself and execs the compiler.
 */
final class NamespaceHelper implements Sandbox {
    private final Path helper;
    private final CompilerLimits limits;
    private final List<String> prefix = new ArrayList<>();
    private final List<String> limitOptions = new ArrayList<>();

    NamespaceHelper(Path helper, SandboxView view, CompilerLimits limits) {
        this.helper = helper;
        this.limits = limits;
        prefix.add(helper.toString());
        for (Path path : view.readOnly()) {
            prefix.addAll(List.of("--ro", path.toString()));
        }
        view.links().forEach((link, target) -> prefix.addAll(List.of("--symlink", target.toString(), link.toString())));
        if (limits.cpuSeconds() > 0) {
            limitOptions.addAll(List.of("--cpu", Long.toString(limits.cpuSeconds())));
        }
        if (limits.memoryBytes() > 0) {
            limitOptions.addAll(List.of("--as", Long.toString(limits.memoryBytes())));
        }
        if (limits.fileBytes() > 0) {
            limitOptions.addAll(List.of("--fsize", Long.toString(limits.fileBytes())));
        }
    }

    @Override
    public List<String> wrap(List<String> argv, List<Path> writable, Path workDir) {
        var command =
                new ArrayList<String>(prefix.size() + limitOptions.size() + argv.size() + 2 * writable.size() + 3);
        command.addAll(prefix);
        for (Path directory : writable) {
            command.addAll(List.of("--rw", directory.toString()));
        }
        command.addAll(List.of("--chdir", workDir.toString()));
        command.addAll(limitOptions);
        command.add("--");
        command.addAll(argv);
        return command;
    }

    @Override
    public String describe() {
        return "user namespaces by " + helper + "; " + limits;
    }
}
