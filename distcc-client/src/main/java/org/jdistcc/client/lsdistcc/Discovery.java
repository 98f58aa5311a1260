package org.jdistcc.client.lsdistcc;

import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * distcc 3.4's lsdistcc ({@code src/lsdistcc.c}): looks the names up in order, a few at a time
 * ({@code -o}), stops starting lookups once more than {@code -g} names did not resolve (or
 * resolved outside the first address's {@code -m} network), checks every address found at once
 * ({@link HostCheck}), and prints each host's line as its check ends: {@code NAME[:PORT]
 * [,lzo[,cpp]][,down][ LATENCY]}. After {@code -t} seconds it stops and exits 0 with what it has.
 */
final class Discovery {
    /** 3.4's MAXHOSTS: a format is tried from 1 up to this. */
    static final int MAX_HOSTS = 500;

    private static final String[] PROTOCOL_SUFFIX = {"", "", ",lzo", ",lzo,cpp"};

    private final Options options;
    private final String domain;
    private final PrintStream out;
    private final PrintStream err;
    private volatile boolean finished;

    /** @param domain appended to each name after a dot, or null */
    Discovery(Options options, String domain, PrintStream out, PrintStream err) {
        this.options = options;
        this.domain = domain;
        this.out = out;
        this.err = err;
    }

    /** Returns lsdistcc's exit status: 0 if a name resolved or the time ran out, else 1. */
    int run() throws InterruptedException {
        long deadline = options.totalTimeoutSeconds() == 0
                ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.SECONDS.toNanos(options.totalTimeoutSeconds());
        var check = new HostCheck(options, this::verbose);
        var checks = new ArrayList<Future<?>>();
        int resolved = 0;
        // Not closed by try-with-resources: close() would wait for a lookup the deadline gave up on.
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            var lookups = new ArrayDeque<Lookup>();
            int next = 1;
            int count = options.namesAreFormat() ? MAX_HOSTS : options.names().size();
            int unresolved = 0;
            InetAddress first = null;
            boolean stopLooking = false;
            while (!lookups.isEmpty() || (!stopLooking && next <= count)) {
                while (!stopLooking && next <= count && lookups.size() <= options.overlap()) {
                    String name = name(next++);
                    verbose("looking up " + name);
                    lookups.add(new Lookup(name, executor.submit(() -> resolve(name))));
                }
                Lookup lookup = lookups.poll();
                InetAddress address = lookup.address.get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
                if (address != null && first != null && !sameNetwork(first, address)) {
                    verbose(lookup.name + " is outside the first host's network");
                    address = null;
                }
                if (address == null) {
                    verbose(lookup.name + " not found");
                    if (++unresolved > options.dnsGap()) {
                        stopLooking = true; // the lookups already in flight still count, as in 3.4
                    }
                    continue;
                }
                first = first == null ? address : first;
                resolved++;
                InetAddress found = address;
                checks.add(executor.submit(() -> print(lookup.name, found, check.check(lookup.name, found))));
            }
            for (Future<?> pending : checks) {
                pending.get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            verbose("Timeout!");
            return 0; // 3.4's alarm: exit 0 with the lines printed so far
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            finished = true; // a check still running prints nothing any more
            executor.shutdownNow();
        }
        return resolved > 0 ? 0 : 1;
    }

    private record Lookup(String name, Future<InetAddress> address) {}

    private String name(int index) {
        String name = options.namesAreFormat()
                ? options.names().getFirst().replace("%d", Integer.toString(index))
                : options.names().get(index - 1);
        return domain == null ? name : name + "." + domain;
    }

    /** The first IPv4 address of {@code name} (3.4 uses gethostbyname), else any, else null. */
    private static InetAddress resolve(String name) {
        try {
            InetAddress[] all = InetAddress.getAllByName(name);
            for (InetAddress address : all) {
                if (address instanceof Inet4Address) {
                    return address;
                }
            }
            return all.length > 0 ? all[0] : null;
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /** 3.4's -m: the first {@code matchBits} bits of both addresses are equal. */
    private boolean sameNetwork(InetAddress first, InetAddress other) {
        int bits = options.matchBits();
        byte[] a = first.getAddress();
        byte[] b = other.getAddress();
        if (bits == 0) {
            return true;
        }
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private void print(String name, InetAddress address, HostCheck.Result result) {
        if (!result.up() && !options.markDown()) {
            return;
        }
        var line = new StringBuilder(options.numeric() ? address.getHostAddress() : name);
        if (options.port() != Options.DEFAULT_PORT) {
            line.append(':').append(options.port());
        }
        line.append(PROTOCOL_SUFFIX[options.protocol()]);
        if (!result.up()) {
            line.append(",down");
        }
        if (options.latency()) {
            line.append(' ').append(result.latencyMillis());
        }
        synchronized (out) {
            if (finished) {
                return;
            }
            out.print(line.append('\n'));
            out.flush();
        }
    }

    private void verbose(String message) {
        if (options.verbose() > 0) {
            synchronized (err) {
                err.println("lsdistcc: " + message);
            }
        }
    }

    private static long remainingNanos(long deadline) {
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - System.nanoTime());
    }
}
