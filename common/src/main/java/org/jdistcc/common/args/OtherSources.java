package org.jdistcc.common.args;

import java.util.Set;

/**
 * Extensions gcc or clang compile but distcc 3.4 does not take for a source, so such a file can
 * never be sent: assembler (distcc 3.4 is built without {@code ENABLE_REMOTE_ASSEMBLE}), headers
 * (precompiled headers), C++ spellings distcc misses, Fortran, D, Go, Ada, CUDA, OpenCL, LLVM IR.
 * Anything else that is not an option is a linker input, which gcc ignores when not linking.
 */
final class OtherSources {
    private static final Set<String> EXTENSIONS = Set.of(
            "s", "S", "sx", "h", "H", "hh", "hp", "hpp", "hxx", "h++", "HPP", "tcc", "CPP", "cppm", "ixx", "f", "for",
            "ftn", "f90", "f95", "f03", "f08", "F", "FOR", "FTN", "F90", "F95", "F03", "F08", "fpp", "FPP", "d", "di",
            "dd", "go", "ads", "adb", "cu", "cuh", "hip", "cl", "ll", "bc");

    private OtherSources() {}

    static boolean isCompilable(String extension) {
        return EXTENSIONS.contains(extension);
    }
}
