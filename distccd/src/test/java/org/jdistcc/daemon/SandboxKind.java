package org.jdistcc.daemon;

import java.util.List;

/** The ways a test daemon can run its compilers: bubblewrap, the namespace helper, or unsandboxed. */
enum SandboxKind {
    BWRAP(true),
    NAMESPACES(true),
    OFF(false);

    private final boolean confines;

    SandboxKind(boolean confines) {
        this.confines = confines;
    }

    /** Whether compilers are confined to the toolchain and their job. */
    boolean confines() {
        return confines;
    }

    /** The daemon options that choose it; NAMESPACES builds the helper first. */
    List<String> options() {
        return switch (this) {
            case BWRAP -> List.of("--sandbox=bwrap");
            case NAMESPACES ->
                List.of(
                        "--sandbox=namespaces",
                        "--sandbox-helper",
                        BuiltSandboxHelper.path().toString());
            case OFF -> List.of("--sandbox=off");
        };
    }
}
