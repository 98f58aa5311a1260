/**
 * Source mode's inputs: which files a compile read and how to name them on the volunteer. Imports
 * {@code job}.
 */
package org.jdistcc.client.sources;
