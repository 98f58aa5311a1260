package org.jdistcc.protocol;

/**
 * What travels between a distcc client and server: one {@link Request} and one {@link Reply}, or
 * for a jdistcc hello a {@link Request} and one {@link Hello}; in jdistcc's source mode the volunteer
 * may answer the request's {@link Manifest} with a {@link Need} first.
 */
public sealed interface Message permits Request, Reply, Hello, Need {}
