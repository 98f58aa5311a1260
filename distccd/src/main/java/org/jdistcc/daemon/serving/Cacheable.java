package org.jdistcc.daemon.serving;

import org.jdistcc.daemon.cache.ResultKey;

/**
 * A job the result cache may answer: the key of everything its result depends on, and the name of
 * the object as its reply gives it (side files are named after it).
 */
record Cacheable(ResultKey key, String objectName) {}
