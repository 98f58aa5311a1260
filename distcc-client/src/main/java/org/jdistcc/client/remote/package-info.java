/**
 * The only place the client opens connections: one job to one volunteer ({@code JobSender}, mirroring the
 * daemon's {@code serving.JobReceiver}), its links (TCP, TLS with pinned volunteer keys, SSH), its failures, and the probe {@code lsdistcc}
 * uses. Imports {@code config} and {@code hosts}.
 */
package org.jdistcc.client.remote;
