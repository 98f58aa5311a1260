/**
 * One compile, start to end: the attempt loop ({@code Compilation}), one {@code Dialect} per way of
 * having a volunteer compile, and {@code CompileHere}, the one tail where every compile on this machine
 * ends, with its {@code Why}. Imports every floor below; nothing below imports it.
 */
package org.jdistcc.client.compile;
