/**
 * Where a job may go: candidates in order (backoff, dialects, {@code --randomize}), and slots, with
 * distcc 3.4's lock and backoff files. Policy only, unit-tested with a fixed clock. Imports {@code hosts}.
 */
package org.jdistcc.client.scheduling;
