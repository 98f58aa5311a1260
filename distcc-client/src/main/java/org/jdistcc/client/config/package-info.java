/**
 * Every environment variable the client reads, read once ({@code Settings}, listed in {@code Variable}),
 * and what follows directly from them: where the client's files are and where the host list comes from.
 * Imports only {@code job}.
 */
package org.jdistcc.client.config;
