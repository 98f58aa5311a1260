package org.jdistcc.testing;

/** How a finished command exited and what it printed (decoded as UTF-8). */
public record Outcome(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr + "---";
    }
}
