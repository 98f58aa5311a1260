package org.jdistcc.common.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RemoteCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # distcc 3.4 test/testdistcc.py StripArgs_Case, plus the -o distcc's scan appends
            gcc -c hello.c | gcc -c hello.c -o hello.o
            cc -Dhello hello.c -c | cc hello.c -c -o hello.o
            gcc -g -O2 -W -Wall -Wshadow -Wpointer-arith -Wcast-align -c -o h_strip.o h_strip.c | gcc -g -O2 -W -Wall -Wshadow -Wpointer-arith -Wcast-align -c -o h_strip.o h_strip.c
            cc -c hello.c -I ../include | cc -c hello.c -o hello.o
            cc -c -I ../include  hello.c | cc -c hello.c -o hello.o
            cc -c -I. -I.. -I../include -I/home/mbp/garnome/include -c -o foo.o foo.c | cc -c -c -o foo.o foo.c
            cc -c -DDEBUG -DFOO=23 -D BAR -c -o foo.o foo.c | cc -c -c -o foo.o foo.c
            cc -o nsinstall.o -c -DOSTYPE="Linux2.4" -DOSARCH="Linux" -DOJI -D_BSD_SOURCE -I../dist/include -I../dist/include -I/home/mbp/work/mozilla/mozilla-1.1/dist/include/nspr -I/usr/X11R6/include -fPIC -I/usr/X11R6/include -Wall -W -Wno-unused -Wpointer-arith -Wcast-align -pedantic -Wno-long-long -pthread -pipe -DDEBUG -D_DEBUG -DDEBUG_mbp -DTRACING -g -I/usr/X11R6/include -include ../config-defs.h -DMOZILLA_CLIENT -Wp,-MD,.deps/nsinstall.pp nsinstall.c | cc -o nsinstall.o -c -fPIC -Wall -W -Wno-unused -Wpointer-arith -Wcast-align -pedantic -Wno-long-long -pthread -pipe -g nsinstall.c
            # Build systems
            gcc -Wp,-MMD,drivers/net/.loopback.o.d -nostdinc -I./arch/x86/include -include ./include/linux/kconfig.h -D__KERNEL__ -Wall -std=gnu11 -mno-sse -O2 -DKBUILD_BASENAME="loopback" -c -o drivers/net/loopback.o drivers/net/loopback.c | gcc -Wall -std=gnu11 -mno-sse -O2 -c -o drivers/net/loopback.o drivers/net/loopback.c
            gcc -DHAVE_CONFIG_H -I. -I.. -g -O2 -MT main.o -MD -MP -MF .deps/main.Tpo -c -o main.o main.c | gcc -g -O2 -c -o main.o main.c
            /usr/bin/c++ -I/src/app/include -isystem /usr/include/eigen3 -O2 -DNDEBUG -std=gnu++17 -MD -MT CMakeFiles/app.dir/main.cpp.o -MF CMakeFiles/app.dir/main.cpp.o.d -o CMakeFiles/app.dir/main.cpp.o -c /src/app/main.cpp | /usr/bin/c++ -O2 -std=gnu++17 -o CMakeFiles/app.dir/main.cpp.o -c /src/app/main.cpp
            cc -Ilibfoo.so.p -I. -fPIC -MD -MQ libfoo.so.p/foo.c.o -MF libfoo.so.p/foo.c.o.d -o libfoo.so.p/foo.c.o -c ../foo.c | cc -fPIC -o libfoo.so.p/foo.c.o -c ../foo.c
            # Each of distcc's stripped forms, and -iquote, which it keeps
            gcc -iquote inc -c x.c -o x.o | gcc -iquote inc -c x.c -o x.o
            gcc -isystem/opt/inc -stdlib=libc++ -undef -nostdinc -nostdinc++ -c x.c -o x.o | gcc -c x.c -o x.o
            gcc -Wl,-z,relro -lm -lssl -L/usr/lib -L /opt/lib -l crypto -c x.c -o x.o | gcc -c x.c -o x.o
            gcc -U X -UY -D Z=1 -DW -c x.c -o x.o | gcc -c x.c -o x.o
            gcc -imacros m.h -iprefix p/ -iwithprefix w -iwithprefixbefore b -idirafter a -include c.h -c x.c -o x.o | gcc -c x.c -o x.o
            gcc -MD -MMD -MG -MP -MF x.d -MFy.d -MT t -MTt -MQ q -MQq -c x.c -o x.o | gcc -c x.c -o x.o
            gcc -O2 -ggdb3 -fPIC -pipe -std=c11 -Wextra -Werror -fvisibility=hidden -c x.c -ox.o | gcc -O2 -ggdb3 -fPIC -pipe -std=c11 -Wextra -Werror -fvisibility=hidden -c x.c -ox.o
            # Values stay with their options: no dangling -Xlinker, no swallowed source
            gcc -c x.c -Xlinker -lm | gcc -c x.c -Xlinker -lm -o x.o
            gcc -c -D NAME=main.c x.c | gcc -c x.c -o x.o
            # -S keeps its .s output
            gcc -S hello.c | gcc -S hello.c -o hello.s
            gcc -c -S -o out/hello.s hello.c | gcc -c -S -o out/hello.s hello.c
            # Already preprocessed sources go as they are
            gcc -c foo.i -o foo.o | gcc -c foo.i -o foo.o
            """)
    void stripsWhatOnlyThePreprocessorUses(String original, String expected) {
        assertEquals(CommandLines.words(expected), CommandLines.parse(original).remoteCommand());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gcc -xc++ -c foo.c -o foo.o | gcc -c -x c++-cpp-output foo.c -o foo.o
            gcc -x c -c foo.cpp | gcc -c -x cpp-output foo.cpp -o foo.o
            gcc -x c++ -c foo.cc | gcc -c -x c++-cpp-output foo.cc -o foo.o
            gcc -x objective-c -c foo.m | gcc -c -x objective-c-cpp-output foo.m -o foo.o
            gcc -x objective-c++ -c foo.mm | gcc -c -x objective-c++-cpp-output foo.mm -o foo.o
            gcc -x cpp-output -c foo.i | gcc -c -x cpp-output foo.i -o foo.o
            gcc -x objc-cpp-output -c foo.mi | gcc -c -x objective-c-cpp-output foo.mi -o foo.o
            gcc -c foo.cpp -x c | gcc -c foo.cpp -o foo.o
            gcc -x c++ -x none -c foo.c | gcc -c foo.c -o foo.o
            """)
    void tellsTheServerThePreprocessedLanguage(String original, String expected) {
        assertEquals(CommandLines.words(expected), CommandLines.parse(original).remoteCommand());
    }

    @Test
    void refusesLocalOnlyCommands() {
        assertThrows(
                IllegalStateException.class,
                () -> CommandLines.parse("gcc -c -march=native x.c").remoteCommand());
    }
}
