package org.jdistcc.client.compile;

import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.includes.IncludeAnalysis;

/**
 * One way of having a volunteer do a compile: preprocessed text (distcc's protocols 1 and 2 and
 * jdistcc's LZ4 framing) or jdistcc's source mode. Chosen per host, tried in order; the daemon has
 * one step per dialect too ({@code serving}).
 */
interface Dialect {
    /** Why this dialect cannot do this compile exactly as here, or null if it can. */
    String whyNot(CompileTask task);

    /** Whether {@code host} speaks this dialect. */
    boolean speaks(HostSpec host);

    /**
     * The include analysis whose inputs this dialect would send for the compile, or null if it sends
     * preprocessed text instead (or would decline the compile, leaving it to a dialect that does).
     */
    default IncludeAnalysis.Request analysisRequest(CompileTask task) {
        return null;
    }

    /** One attempt on {@code host}, whose slot the caller holds. Never throws for a volunteer's fault. */
    Attempt attempt(CompileTask task, HostSpec host);
}
