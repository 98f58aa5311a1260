/**
 * The client's statistics: one record per compile, added to {@code $DISTCC_DIR/stats} under a lock, and the
 * {@code --show-stats} report. Imports {@code remote} for failure kinds.
 */
package org.jdistcc.client.stats;
