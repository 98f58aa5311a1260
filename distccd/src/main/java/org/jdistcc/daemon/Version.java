package org.jdistcc.daemon;

/** The text of {@code --version}, shaped like distcc 3.4's. */
final class Version {
    static final String NUMBER = "0.1.0";

    private Version() {}

    static String text() {
        // distcc 3.4's first two lines, which scripts and its test suite match
        // (testdistcc.py: "^distccd [\w.-]+ [.\w-]+$", then "(protocol...) (default port 3632)").
        return "distccd " + NUMBER + " x86_64-pc-linux-gnu\n"
                + "  (protocols 1 and 2; jdistcc extensions lz4, side files) (default port "
                + DaemonOptions.DEFAULT_PORT + ")\n"
                + "  jdistcc, the Java distccd\n"
                + "\n"
                + "Copyright (C) 2026 the jdistcc authors.\n"
                + "jdistcc comes with ABSOLUTELY NO WARRANTY. It is free software, and you may\n"
                + "use, modify and redistribute it under the terms of the GNU General Public\n"
                + "License version 2 or later.\n";
    }
}
