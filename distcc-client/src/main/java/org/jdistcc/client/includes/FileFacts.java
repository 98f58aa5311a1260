package org.jdistcc.client.includes;

import java.nio.file.attribute.FileTime;

/** One version of a file: its content's SHA-256 (hex), size, modification time and directives. */
record FileFacts(String sha256, long size, FileTime modified, ScannedFile scan) {}
