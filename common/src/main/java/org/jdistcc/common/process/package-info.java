/**
 * Starting programs with glibc's {@code posix_spawn} through the foreign-function API ({@link
 * org.jdistcc.common.process.PosixSpawn}, {@link org.jdistcc.common.process.SpawnedProcess}), for the
 * daemon's compilers and the client agent's preprocessors. Imports only the JDK.
 */
package org.jdistcc.common.process;
