/**
 * The DNS message format (RFC 1035, with SRV from RFC 2782 and the mDNS bits of RFC 6762) as far as
 * discovering volunteers needs it: questions, and PTR, SRV, TXT, A and AAAA records. Pure functions
 * over byte arrays, every read bounded ({@link org.jdistcc.common.dns.DnsReader}); no sockets here.
 * The client's unicast lookups and mDNS browser and the daemon's mDNS responder share it.
 */
package org.jdistcc.common.dns;
