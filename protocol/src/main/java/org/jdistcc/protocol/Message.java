package org.jdistcc.protocol;

/** What travels between a distcc client and server, one {@link Request} and one {@link Reply}. */
public sealed interface Message permits Request, Reply {}
