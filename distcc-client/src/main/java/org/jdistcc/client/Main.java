package org.jdistcc.client;

import java.util.List;
import org.jdistcc.client.compile.Resident;
import org.jdistcc.client.job.ProcessContext;

/**
 * The {@code distcc} client's cold entry point: one JVM for one compile, when the resident agent
 * is off or unreachable. The launcher passes the name it was invoked as in the system property
 * {@code jdistcc.argv0}, so masquerade links ({@code lib/distcc/gcc}) work.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String argv0 = System.getProperty("jdistcc.argv0", "distcc");
        // One compile per JVM here: what the client keeps lives as long as this compile.
        System.exit(ClientCommand.run(new ProcessContext(), argv0, List.of(args), null, Resident.create()));
    }
}
