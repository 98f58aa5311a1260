/**
 * The bottom floor: one job of the client and its surroundings ({@link org.jdistcc.client.job.JobContext}:
 * directory, environment, stdio, the files and processes to clean up), the client's own messages
 * ({@code Log}), relaying compiler output in whole lines, and putting results in place. Imports nothing
 * of the client.
 */
package org.jdistcc.client.job;
