package org.jdistcc.daemon;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a real {@code distccd} process for the test class, on a free loopback port with its own
 * temporary directories, and stops it afterwards. Tests receive it as a {@link RunningDaemon}
 * parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DaemonExtension.class)
@interface WithDaemon {
    /** Extra daemon options. */
    String[] args() default {};

    /** Whether to serve the stats port too ({@code --stats} on a free port, see {@code RunningDaemon.statsPort()}). */
    boolean stats() default false;
}
