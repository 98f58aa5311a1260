package org.jdistcc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SideFileNamesTest {
    @ParameterizedTest(name = "{1} beside {0}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "hello.o     | hello.dwo       | true",
                "hello.o     | hello.su        | true",
                "hello       | hello.dwo       | true",
                "lib.a.o     | lib.a.dwo       | true",
                "hello.o     | hello.o.dwo     | true",
                "hello.o     | hello.o         | false",
                "hello.o     | hello.          | false",
                "hello.o     | hello           | false",
                "hello.o     | other.dwo       | false",
                "hello.o     | hellox.dwo      | false",
                "lib.a.o     | lib.dwo         | false",
                "hello.o     | sub/hello.dwo   | false",
                "hello.o     | ../hello.dwo    | false",
                "hello.o     | hello./x        | false",
                "hello       | hello           | false",
            })
    void allowsOnlyNamesGccGivesTheObjectsExtraOutputs(String object, String name, boolean allowed) {
        assertEquals(allowed, SideFileNames.of(object).allows(name));
    }
}
