package org.jdistcc.daemon.serving;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Finds a section of an ELF object by name, as distcc 3.4's {@code FindElfSection}
 * (src/fix_debug_info.c) does: 32- and 64-bit little-endian files only (3.4 handles only the host's
 * byte order, and serves from little-endian hosts here), the first section of that name, and the
 * extended numbering of files with many sections ({@code e_shnum == 0}, {@code e_shstrndx ==
 * SHN_XINDEX}). Unlike 3.4, every offset is checked against the file: a malformed object has no
 * sections rather than crashing the reader.
 */
final class ElfSections {
    /** Where a section's bytes are in the file. */
    record Range(int offset, int size) {}

    private static final int SHN_UNDEF = 0;
    private static final int SHN_XINDEX = 0xffff;

    private ElfSections() {}

    /** The first section called {@code name} with a non-zero size, or null. */
    static Range find(byte[] elf, String name) {
        if (elf.length < 16 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
            return null;
        }
        if (elf[5] != 1) { // EI_DATA: ELFDATA2LSB
            return null;
        }
        if (elf[4] != 1 && elf[4] != 2) { // EI_CLASS: ELFCLASS32, ELFCLASS64
            return null;
        }
        boolean wide = elf[4] == 2;
        var in = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        int headerSize = wide ? 64 : 52;
        int entrySize = wide ? 64 : 40;
        if (elf.length < headerSize) {
            return null;
        }
        long tableOffset = wide ? in.getLong(0x28) : Integer.toUnsignedLong(in.getInt(0x20));
        int count = Short.toUnsignedInt(in.getShort(wide ? 0x3c : 0x30));
        int namesIndex = Short.toUnsignedInt(in.getShort(wide ? 0x3e : 0x32));
        if (tableOffset <= 0 || tableOffset > elf.length - entrySize || namesIndex == SHN_UNDEF) {
            return null;
        }
        var table = new Table(in, (int) tableOffset, entrySize, wide);
        if (count == 0) {
            count = (int) Math.min(table.size(0), Integer.MAX_VALUE);
        }
        if (namesIndex == SHN_XINDEX) {
            namesIndex = table.link(0);
        }
        if (!table.has(namesIndex)) {
            return null;
        }
        long namesOffset = table.offset(namesIndex);
        byte[] wanted = name.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count && table.has(i); i++) {
            long at = namesOffset + table.name(i);
            if (matchesCString(elf, at, wanted)) {
                long offset = table.offset(i);
                long size = table.size(i);
                if (size <= 0 || offset < 0 || offset + size > elf.length) {
                    return null;
                }
                return new Range((int) offset, (int) size);
            }
        }
        return null;
    }

    private static boolean matchesCString(byte[] elf, long at, byte[] wanted) {
        if (at < 0 || at + wanted.length >= elf.length) {
            return false;
        }
        int start = (int) at;
        for (int i = 0; i < wanted.length; i++) {
            if (elf[start + i] != wanted[i]) {
                return false;
            }
        }
        return elf[start + wanted.length] == 0;
    }

    /** The section header table: {@code Elf32_Shdr} or {@code Elf64_Shdr} entries. */
    private record Table(ByteBuffer in, int offset, int entrySize, boolean wide) {
        boolean has(int index) {
            return index >= 0 && (long) offset + (long) (index + 1) * entrySize <= in.capacity();
        }

        private int at(int index) {
            return offset + index * entrySize;
        }

        long name(int index) {
            return Integer.toUnsignedLong(in.getInt(at(index)));
        }

        long offset(int index) {
            return wide ? in.getLong(at(index) + 0x18) : Integer.toUnsignedLong(in.getInt(at(index) + 0x10));
        }

        long size(int index) {
            return wide ? in.getLong(at(index) + 0x20) : Integer.toUnsignedLong(in.getInt(at(index) + 0x14));
        }

        int link(int index) {
            return in.getInt(at(index) + (wide ? 0x28 : 0x18));
        }
    }
}
