package org.jdistcc.client.compile;

import org.jdistcc.client.includes.IncludeAnalysis;
import org.jdistcc.client.remote.TlsContexts;
import org.jdistcc.client.scheduling.InFlight;
import org.jdistcc.client.scheduling.VolunteerFiles;

/**
 * What the client keeps between compiles, for as long as its JVM lives: the include analysis (files,
 * directories, compilers already looked at), what each volunteer is known to hold, when each was last
 * asked how busy it is, and the TLS contexts (the client's key, resumable sessions). The client agent
 * makes one and every compile it runs shares it; a cold client makes one for its single compile.
 */
public record Resident(IncludeAnalysis analysis, VolunteerFiles volunteerFiles, VolunteerLoads loads, TlsContexts tls) {
    public static Resident create() {
        return new Resident(
                IncludeAnalysis.create(), new VolunteerFiles(), new VolunteerLoads(InFlight.HERE), new TlsContexts());
    }
}
