package org.jdistcc.client.compile;

import org.jdistcc.client.includes.IncludeAnalysis;
import org.jdistcc.client.scheduling.InFlight;
import org.jdistcc.client.scheduling.VolunteerFiles;

/**
 * What the client keeps between compiles, for as long as its JVM lives: the include analysis (files,
 * directories, compilers already looked at), what each volunteer is known to hold, and when each was
 * last asked how busy it is. The client agent
 * makes one and every compile it runs shares it; a cold client makes one for its single compile.
 */
public record Resident(IncludeAnalysis analysis, VolunteerFiles volunteerFiles, VolunteerLoads loads) {
    public static Resident create() {
        return new Resident(IncludeAnalysis.create(), new VolunteerFiles(), new VolunteerLoads(InFlight.HERE));
    }
}
