/**
 * {@code lsdistcc}: which volunteers answer, probed with a real compile. A top-floor tool.
 */
package org.jdistcc.client.lsdistcc;
