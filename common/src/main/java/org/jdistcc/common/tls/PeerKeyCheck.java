package org.jdistcc.common.tls;

import java.security.PublicKey;

/**
 * Whether the peer of a TLS handshake may be talked to, judged by its key alone: pinned for a
 * volunteer, authorized for a client. Called during the handshake, so a wrong key ends it before
 * either side has sent a byte of its own.
 */
@FunctionalInterface
public interface PeerKeyCheck {
    /** Accepts every key: the decision is taken after the handshake. */
    PeerKeyCheck ANY = (key, host, port) -> null;

    /**
     * @param host the peer as this end named it (the client: the host list's name), or its address
     * @param port the peer's port
     * @return why {@code key} is refused, for the message and the log; null to accept it
     */
    String refusal(PublicKey key, String host, int port);
}
