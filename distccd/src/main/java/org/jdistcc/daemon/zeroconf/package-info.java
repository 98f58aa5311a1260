/**
 * {@code distccd --zeroconf}: the daemon announces itself over multicast DNS as distcc 3.4's
 * avahi-based daemon does ({@code src/zeroconf-reg.c}): DNS-SD service {@code _distcc._tcp}, instance
 * {@code distcc@HOSTNAME}, its TXT strings and its compiler subtype ({@code common.dns.DistccService}),
 * so that distcc 3.4 clients' {@code +zeroconf} and ours find it. A small responder of its own
 * ({@link org.jdistcc.daemon.zeroconf.MdnsResponder}) rather than a library or avahi's D-Bus API:
 * the daemon answers a handful of names, every read bounded, and needs no system daemon.
 *
 * <p>Bottom floor: uses {@code common} and the JDK only.
 */
package org.jdistcc.daemon.zeroconf;
