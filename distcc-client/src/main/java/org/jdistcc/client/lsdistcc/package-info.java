/**
 * {@code lsdistcc}: which volunteers answer. By default distcc 3.4's command (names from a format
 * or the command line, checked by a connection or a one-protocol compile); with {@code --format},
 * jdistcc's report of the configured hosts, probed with a real compile in every dialect. A
 * top-floor tool.
 */
package org.jdistcc.client.lsdistcc;
