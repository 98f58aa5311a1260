package org.jdistcc.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a real {@code distccd} for the test class, as {@link DaemonSetup} does by default (a free
 * loopback port, its own directories), and stops it afterwards; tests receive it as a {@link
 * RunningDaemon} parameter. With {@link Distccd#INSTALLED}, the installation is the one {@code
 * -Djdistcc.prefix} names (combine with {@link RequiresInstallation}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DaemonExtension.class)
public @interface WithDaemon {
    /** Which daemon. */
    Distccd value() default Distccd.OURS;

    /** Extra daemon options. */
    String[] args() default {};

    /** Whether to serve the stats port too ({@code --stats} on a free port, see {@link RunningDaemon#statsPort()}). */
    boolean stats() default false;
}
