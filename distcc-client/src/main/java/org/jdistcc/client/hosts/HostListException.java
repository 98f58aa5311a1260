package org.jdistcc.client.hosts;

/** A host list that does not parse; the message names the position and the text. */
public final class HostListException extends Exception {
    private static final long serialVersionUID = 1L;

    public HostListException(String source, int position, String token, String problem) {
        super(source + ": at character " + (position + 1) + ", '" + token + "': " + problem);
    }
}
