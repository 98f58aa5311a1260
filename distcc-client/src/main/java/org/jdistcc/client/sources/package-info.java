/**
 * What a compile ships: source mode's inputs (which files a compile read and how to name them on the
 * volunteer) and pump mode's ({@code PumpInputs}, from an include analysis). Imports {@code job} and
 * {@code includes}.
 */
package org.jdistcc.client.sources;
