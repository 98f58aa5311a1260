/**
 * Starting the real processes tests drive, in one place: {@link org.jdistcc.testing.RunningDaemon}
 * (our {@code distccd} from the test's classpath or an installation, or Debian's, set up by {@link
 * org.jdistcc.testing.DaemonSetup}, or per test class by {@link org.jdistcc.testing.WithDaemon}), our
 * client as a process ({@link org.jdistcc.testing.ClientProcess}), a broken or silent volunteer
 * ({@link org.jdistcc.testing.FakeVolunteer}), commands run with a bound ({@link
 * org.jdistcc.testing.CommandRunner}), free ports, directories a daemon that left root
 * can write, the classpath such a daemon can read, and the installation under test ({@link
 * org.jdistcc.testing.Installation}, {@link org.jdistcc.testing.RequiresInstallation}).
 *
 * <p>Uses only the JDK and JUnit's API: no jdistcc code, so every module's tests may depend on it.
 * Every wait is bounded.
 */
package org.jdistcc.testing;
