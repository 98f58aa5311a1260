package org.jdistcc.daemon.status;

/**
 * The result cache's figures since start.
 *
 * @param hits jobs answered from this volunteer's disk
 * @param sharedHits jobs answered from the farm's shared cache
 * @param misses jobs looked up and compiled
 * @param errors damaged entries and failed lookups or stores
 * @param bytes what the cache keeps on this volunteer's disk
 */
record CacheFigures(String description, long hits, long sharedHits, long misses, long errors, long bytes) {}
