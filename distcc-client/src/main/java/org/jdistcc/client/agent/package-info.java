/**
 * The resident client agent: serves {@code launcher/distcc.c} over a Unix socket, one {@code JobContext}
 * per launcher. The top floor, beside the cold entry point {@code org.jdistcc.client.Main}.
 */
package org.jdistcc.client.agent;
