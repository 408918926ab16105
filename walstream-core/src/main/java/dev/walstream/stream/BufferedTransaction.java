package dev.walstream.stream;

import java.nio.ByteBuffer;
import java.util.Iterator;

import org.jspecify.annotations.Nullable;

/**
 * The changes of a transaction that committed, handed back by
 * {@link TransactionAssembler#release(long)}: the raw pgoutput bytes of every change message, in
 * the order they were appended, for the caller to parse.
 *
 * <p>Each message is its own {@link ByteBuffer} (from position to limit) whose position and limit
 * the caller may move freely; its bytes must not be modified. The messages may be iterated more
 * than once, for example to retry a listener: each {@link #iterator()} starts at the first message.
 * Messages that were spilled to disk are read back one by one through a small buffer, so iterating
 * can throw a {@link dev.walstream.error.SpillException} naming the file.
 *
 * <p>{@link #close()} frees the memory and deletes the spill file; do it once the transaction has
 * been handled. Not thread-safe.
 *
 * @since 0.1.0
 */
public interface BufferedTransaction extends AutoCloseable, Iterable<ByteBuffer> {

	/**
	 * Returns the top-level transaction's id.
	 * @return the id, an unsigned 32-bit number
	 */
	long xid();

	/**
	 * Returns the global transaction id of a prepared transaction (two-phase commit).
	 * @return the gid given to {@link TransactionAssembler#prepare(long, String)}, or {@code null} if
	 * the transaction was not prepared
	 */
	@Nullable String gid();

	/**
	 * Returns the number of messages.
	 * @return the message count, 0 for a transaction without changes
	 */
	long messageCount();

	/**
	 * Returns the total length of the messages.
	 * @return the sum of the messages' lengths in bytes
	 */
	long byteCount();

	/**
	 * Returns an iterator over the messages, starting at the first.
	 * @return a new iterator
	 * @throws IllegalStateException if the transaction was closed
	 */
	@Override
	Iterator<ByteBuffer> iterator();

	/**
	 * Frees the memory the messages take and deletes the spill file, if any. Iterating afterwards
	 * throws {@link IllegalStateException}. Does nothing when called again.
	 * @throws dev.walstream.error.SpillException if the spill file cannot be deleted
	 */
	@Override
	void close();

}
