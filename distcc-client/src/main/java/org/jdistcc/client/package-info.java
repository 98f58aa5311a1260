/**
 * The client's wiring: {@code ClientCommand} runs one {@code distcc} command line for whoever hosts it (the
 * cold JVM's {@code Main} or the agent). Imports the floors below; only {@code agent} imports it.
 */
package org.jdistcc.client;
