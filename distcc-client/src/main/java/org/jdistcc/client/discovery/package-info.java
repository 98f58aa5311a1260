/**
 * Finding volunteers for the host list's discovery words ({@code +zeroconf}, {@code +srv=},
 * {@code +addresses=}; grammar in {@code hosts.DiscoveryWord}): DNS lookups over UDP (TCP when an
 * answer is truncated) to the resolver's name servers or {@code JDISTCC_DNS_SERVER}, a one-shot mDNS
 * browse for distcc 3.4's DNS-SD service, and a cache in {@code $DISTCC_DIR/discovered/} kept for
 * the records' TTL and shared by every client of the user. Besides {@code remote}, the one place the
 * client opens sockets: its own UDP and TCP to name servers and the mDNS group, never to volunteers.
 * Imports {@code hosts}, {@code config} and {@code common.dns}.
 */
package org.jdistcc.client.discovery;
