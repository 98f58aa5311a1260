/**
 * What the user asked of {@code distcc} ({@code Invocation}), the real compiler behind a name on
 * {@code PATH}, and the compiler name a volunteer should see. Imports {@code config}.
 */
package org.jdistcc.client.args;
