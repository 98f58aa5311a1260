/**
 * distcc's host-list grammar: parsing only. Choosing among hosts is {@code scheduling}'s. Imports nothing
 * of the client.
 */
package org.jdistcc.client.hosts;
