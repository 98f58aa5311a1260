package org.jdistcc.common.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link DnsMessage} from bytes, bounded: the message is at most {@link #MAX_MESSAGE}
 * bytes, each section at most {@link #MAX_RECORDS} records, a name at most 255 bytes reached
 * through at most {@link #MAX_POINTERS} compression pointers (RFC 1035 section 4.1.4), which must
 * point backwards. Records of other types are skipped.
 */
public final class DnsReader {
    /** The largest UDP answer discovery accepts (EDNS0 buffers above this are not asked for). */
    public static final int MAX_MESSAGE = 9000;

    static final int MAX_RECORDS = 256;
    static final int MAX_POINTERS = 16;

    /** A message that is not well formed DNS, said with what is wrong. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    private final byte[] data;
    private final int length;
    private int at;

    private DnsReader(byte[] data, int length) {
        this.data = data;
        this.length = length;
    }

    public static DnsMessage read(byte[] data, int length) throws Malformed {
        if (length > MAX_MESSAGE || length > data.length) {
            throw new Malformed("message of " + length + " bytes");
        }
        return new DnsReader(data, length).message();
    }

    private DnsMessage message() throws Malformed {
        int id = u16();
        int flags = u16();
        int qd = count();
        int an = count();
        int ns = count();
        int ar = count();
        List<DnsQuestion> questions = new ArrayList<>();
        for (int i = 0; i < qd; i++) {
            String name = name();
            int type = u16();
            int klass = u16();
            questions.add(new DnsQuestion(name, type, (klass & 0x8000) != 0));
        }
        List<DnsRecord> answers = records(an);
        records(ns);
        List<DnsRecord> additionals = records(ar);
        return new DnsMessage(id, flags, questions, answers, additionals);
    }

    private int count() throws Malformed {
        int n = u16();
        if (n > MAX_RECORDS) {
            throw new Malformed("section of " + n + " records");
        }
        return n;
    }

    private List<DnsRecord> records(int count) throws Malformed {
        List<DnsRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = name();
            int type = u16();
            int klass = u16() & 0x7FFF; // mDNS's cache-flush bit
            long ttl = u32();
            int rdLength = u16();
            int end = at + rdLength;
            if (end > length) {
                throw new Malformed("record data past the end");
            }
            if (klass == DnsRecord.CLASS_IN) {
                DnsRecord r = recordData(name, type, ttl, end);
                if (r != null) {
                    records.add(r);
                }
            }
            at = end;
        }
        return records;
    }

    private DnsRecord recordData(String name, int type, long ttl, int end) throws Malformed {
        return switch (type) {
            case DnsRecord.TYPE_PTR -> new DnsRecord.Ptr(name, ttl, name());
            case DnsRecord.TYPE_SRV -> new DnsRecord.Srv(name, ttl, u16(), u16(), u16(), name());
            case DnsRecord.TYPE_TXT -> {
                List<String> strings = new ArrayList<>();
                while (at < end) {
                    int n = data[at++] & 0xFF;
                    if (at + n > end) {
                        throw new Malformed("TXT string past its record");
                    }
                    if (n > 0) {
                        strings.add(new String(data, at, n, StandardCharsets.UTF_8));
                    }
                    at += n;
                }
                yield new DnsRecord.Txt(name, ttl, strings);
            }
            case DnsRecord.TYPE_A, DnsRecord.TYPE_AAAA -> {
                int size = type == DnsRecord.TYPE_A ? 4 : 16;
                if (end - at != size) {
                    throw new Malformed("address record of " + (end - at) + " bytes");
                }
                byte[] raw = new byte[size];
                System.arraycopy(data, at, raw, 0, size);
                try {
                    yield new DnsRecord.Address(name, ttl, InetAddress.getByAddress(raw));
                } catch (UnknownHostException e) {
                    throw new Malformed("bad address");
                }
            }
            default -> null;
        };
    }

    /** A name at {@code at}, following compression pointers; dots inside labels come out as {@code \.}. */
    private String name() throws Malformed {
        var name = new StringBuilder();
        int position = at;
        int pointers = 0;
        int total = 1;
        boolean jumped = false;
        while (true) {
            if (position >= length) {
                throw new Malformed("name past the end");
            }
            int len = data[position] & 0xFF;
            if ((len & 0xC0) == 0xC0) {
                if (position + 1 >= length) {
                    throw new Malformed("pointer past the end");
                }
                int target = ((len & 0x3F) << 8) | (data[position + 1] & 0xFF);
                if (++pointers > MAX_POINTERS || target >= position) {
                    throw new Malformed("compression pointer loop");
                }
                if (!jumped) {
                    at = position + 2;
                    jumped = true;
                }
                position = target;
                continue;
            }
            if (len > 63) {
                throw new Malformed("label of " + len + " bytes");
            }
            position++;
            if (len == 0) {
                break;
            }
            total += len + 1;
            if (total > 255 || position + len > length) {
                throw new Malformed("name too long");
            }
            if (!name.isEmpty()) {
                name.append('.');
            }
            String label = new String(data, position, len, StandardCharsets.UTF_8);
            name.append(label.replace("\\", "\\\\").replace(".", "\\."));
            position += len;
        }
        if (!jumped) {
            at = position;
        }
        return name.toString();
    }

    private int u16() throws Malformed {
        if (at + 2 > length) {
            throw new Malformed("message cut short");
        }
        int v = ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
        at += 2;
        return v;
    }

    private long u32() throws Malformed {
        return ((long) u16() << 16) | u16();
    }
}
