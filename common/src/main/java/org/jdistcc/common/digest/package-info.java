/** Content digests: SHA-256 through libcrypto where it can, the JDK's elsewhere. Uses nothing of jdistcc's. */
package org.jdistcc.common.digest;
