package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Takes a pump-mode job's root out of the debug information of its object, exactly as distcc 3.4's
 * server does ({@code dcc_fix_debug_info} in src/fix_debug_info.c, called from src/serve.c): every
 * occurrence of the root's path in the {@code .debug_info} and {@code .debug_str} sections is
 * overwritten with as many {@code /} (the client's root, padded: a shorter string would shift every
 * offset into the section, and gdb rejects the result). {@code DW_AT_comp_dir} {@code
 * /tmp/distccd_Ab12Cd/home/u/proj} thus reads {@code ///////////////////home/u/proj}, which names the
 * client's directory.
 *
 * <p>3.4's limits are kept so that objects stay byte-identical to what its server returns: only those
 * two sections (DWARF 5, gcc's default since gcc 11, keeps file and directory names in {@code
 * .debug_line_str}, where the root stays), an occurrence that ends one byte before the end of its
 * section is left (3.4's loop stops there), and only little-endian ELF files are changed.
 */
final class DebugPathRewriter {
    private static final String[] SECTIONS = {".debug_info", ".debug_str"};

    private DebugPathRewriter() {}

    /**
     * Rewrites {@code object} in place when it is an ELF file with debug information naming {@code
     * root}; returns the number of occurrences replaced.
     */
    static int rewrite(Path object, String root) throws IOException {
        byte[] elf = Files.readAllBytes(object);
        int count = rewrite(elf, root);
        if (count > 0) {
            Files.write(object, elf);
        }
        return count;
    }

    /** The same, in memory. */
    static int rewrite(byte[] elf, String root) {
        byte[] search = root.getBytes(StandardCharsets.UTF_8);
        byte[] replacement = new byte[search.length];
        Arrays.fill(replacement, (byte) '/');
        int count = 0;
        for (String name : SECTIONS) {
            ElfSections.Range section = ElfSections.find(elf, name);
            if (section != null) {
                count += replace(elf, section, search, replacement);
            }
        }
        return count;
    }

    /** {@code replace_string}: every match starting before {@code size - length - 1}. */
    private static int replace(byte[] elf, ElfSections.Range section, byte[] search, byte[] replacement) {
        int count = 0;
        if (section.size() < search.length + 1) {
            return 0;
        }
        int end = section.offset() + section.size() - search.length - 1;
        for (int p = section.offset(); p < end; p++) {
            if (Arrays.equals(elf, p, p + search.length, search, 0, search.length)) {
                System.arraycopy(replacement, 0, elf, p, replacement.length);
                count++;
            }
        }
        return count;
    }
}
