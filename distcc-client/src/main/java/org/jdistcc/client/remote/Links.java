package org.jdistcc.client.remote;

import java.util.concurrent.atomic.AtomicReference;
import org.jdistcc.client.config.Timeouts;
import org.jdistcc.client.hosts.HostSpec;

/**
 * Where a job's connection comes from: the invitation taken for its volunteer ({@link
 * Invitations}), else a new TCP, TLS or SSH link.
 */
final class Links {
    private final Timeouts timeouts;
    private final String sshCommand;
    private final ClientTls tls;
    private final AtomicReference<Invitations.Invited> invited = new AtomicReference<>();

    Links(Timeouts timeouts, String sshCommand, ClientTls tls) {
        this.timeouts = timeouts;
        this.sshCommand = sshCommand;
        this.tls = tls;
    }

    /** The next link to the invitation's host is its connection. An earlier one not used is declined. */
    void invited(Invitations.Invited invitation) {
        decline();
        invited.set(invitation);
    }

    void decline() {
        Invitations.Invited unused = invited.getAndSet(null);
        if (unused != null) {
            unused.close();
        }
    }

    Link open(HostSpec host) throws RemoteFailure {
        Invitations.Invited invitation = invited.get();
        if (invitation != null && invitation.host().equals(host) && invited.compareAndSet(invitation, null)) {
            return invitation.link();
        }
        return switch (host) {
            case HostSpec.Tcp tcp when tcp.tls() -> TlsLink.open(tcp, timeouts, tls);
            case HostSpec.Tcp tcp -> TcpLink.open(tcp.host(), tcp.port(), timeouts);
            case HostSpec.Ssh ssh -> SshLink.open(ssh, sshCommand, timeouts);
            case HostSpec.Local local -> throw new IllegalArgumentException("localhost is not remote");
        };
    }
}
