package org.jdistcc.protocol;

/**
 * What travels between a distcc client and server: one {@link Request} and one {@link Reply}, or
 * for a jdistcc hello a {@link Request} and one {@link Hello}.
 */
public sealed interface Message permits Request, Reply, Hello {}
