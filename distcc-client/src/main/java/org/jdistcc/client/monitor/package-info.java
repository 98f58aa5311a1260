/**
 * What running clients tell the outside: state files (jdistcc's and distcc 3.4's) and
 * {@code distccmon-text}. Imports {@code config}, {@code remote} and {@code stats}.
 */
package org.jdistcc.client.monitor;
