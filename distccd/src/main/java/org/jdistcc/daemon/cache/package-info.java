/**
 * The volunteer's content-addressed file cache: the sources and headers jdistcc clients sent, kept by
 * SHA-256 so that a client names a file by digest and sends only what the cache lacks. Uses {@code
 * common} only.
 */
package org.jdistcc.daemon.cache;
