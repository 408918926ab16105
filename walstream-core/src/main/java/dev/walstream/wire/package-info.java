/**
 * The bytes on walstream's connections, below pgjdbc: a socket whose input follows the backend
 * message framing (a type byte and a 32-bit length) and fails the read of a message that announces
 * more bytes than any PostgreSQL server sends, before pgjdbc allocates a buffer of that length.
 * pgjdbc finds it through its {@code socketFactory} connection property,
 * {@link dev.walstream.wire.LengthCheckingSocketFactory}.
 */
@NullMarked
package dev.walstream.wire;

import org.jspecify.annotations.NullMarked;
