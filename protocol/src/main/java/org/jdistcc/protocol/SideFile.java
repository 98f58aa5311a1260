package org.jdistcc.protocol;

/**
 * An extra output of a compile (a {@code .dwo}, {@code .su}, ...), named relative to the
 * directory of the object. Only jdistcc peers exchange these.
 */
public record SideFile(String name, Payload content) {}
