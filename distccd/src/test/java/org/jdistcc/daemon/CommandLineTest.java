package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exit codes of the command line, checked in-process: none of these cases starts a daemon. */
class CommandLineTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--version                                    | 0",
                "--help                                       | 0",
                "--bogus                                      | 101",
                "--port                                       | 101",
                "--jobs 0 --allow 127.0.0.1                   | 101",
                "--jobs 201 --allow 127.0.0.1                 | 101",
                "--port 70000 --allow 127.0.0.1               | 101",
                "--allow 300.1.1.1                            | 101",
                "--allow 10.0.0.0/33                          | 101",
                "--no-detach --port 3632                      | 101",
                "--max-source-size lots --allow 127.0.0.1     | 101",
                "--inetd --daemon --allow 127.0.0.1           | 101",
                "--sandbox bogus --allow 127.0.0.1            | 101",
                "--max-compiler-memory lots --allow 127.0.0.1 | 101",
                "--max-output-size -1 --allow 127.0.0.1       | 101",
                "--max-compiler-cpu -1 --allow 127.0.0.1      | 101",
                "--max-jobs-per-client -1 --allow 127.0.0.1   | 101",
                "--max-bytes-per-minute 8X --allow 127.0.0.1  | 101",
                "--no-detach --allow 127.0.0.1 --whitelist-dir /nonexistent | 110",
                "extra-word --allow 127.0.0.1                 | 101",
            })
    void exitsWithDistccsCodes(String args, int expected) {
        assertEquals(expected, Main.run(args.strip().split("\\s+")));
    }
}
