package dev.walstream.stream;

import java.nio.ByteBuffer;

import dev.walstream.error.SpillException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends records to spill files through one buffer shared by every file of an assembler.
 *
 * <p>A record is a message's length as a big-endian signed 32-bit integer followed by the message's
 * bytes; a spill file is nothing but records, back to back. The length fits in an {@code int}
 * because PostgreSQL caps a message at 1 GB ({@link TransactionAssembler#MAX_MESSAGE_BYTES}).
 *
 * <p>One buffer serves all files because changes arrive in blocks of one transaction at a time
 * (even with parallel streaming, a block from stream start to stream stop belongs to one
 * transaction): the buffer is flushed to its file only when a record for another file arrives, when
 * it is full, or when the file is read, truncated or spilled. A buffer per file would instead hold
 * memory for every spilled transaction waiting for its commit. Messages are copied in slices of the
 * buffer's size because a {@link java.nio.channels.FileChannel} writes a heap buffer through a
 * temporary direct buffer as large as the whole write, which the JDK then caches per thread.
 *
 * <p>Not thread-safe.
 */
final class SpillWriter {

	/** Record header: the message length. */
	static final int HEADER_BYTES = Integer.BYTES;

	static final int BUFFER_BYTES = 64 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(SpillWriter.class);

	private @Nullable ByteBuffer buffer;

	/** The file the buffered bytes belong to. */
	private @Nullable SpillFile target;

	/**
	 * Appends one record to a file.
	 * @param file the file
	 * @param message the message's bytes, from position to limit; not consumed
	 * @throws SpillException if writing fails; the file is then unusable
	 */
	void append(SpillFile file, ByteBuffer message) {
		file.checkUsable();
		if (this.target != file) {
			flushForSwitch();
			this.target = file;
		}
		ByteBuffer buffer = buffer();
		if (buffer.remaining() < HEADER_BYTES) {
			flush();
		}
		int length = message.remaining();
		file.appended(HEADER_BYTES + length);
		buffer.putInt(length);
		// absolute indexes: the caller's position and limit stay as they are
		int offset = message.position();
		int end = message.limit();
		while (offset < end) {
			if (!buffer.hasRemaining()) {
				flush();
			}
			int slice = Math.min(end - offset, buffer.remaining());
			buffer.put(buffer.position(), message, offset, slice);
			buffer.position(buffer.position() + slice);
			offset += slice;
		}
	}

	/**
	 * Writes the buffered bytes to their file.
	 * @throws SpillException if writing fails; that file is then unusable and the
	 * buffered bytes are dropped
	 */
	void flush() {
		SpillFile file = this.target;
		ByteBuffer buffer = this.buffer;
		if (file == null || buffer == null || buffer.position() == 0) {
			return;
		}
		buffer.flip();
		try {
			file.write(buffer);
		}
		catch (RuntimeException ex) {
			// the file has failed for good; forget it so that the next file is not blamed
			this.target = null;
			throw ex;
		}
		finally {
			buffer.clear();
		}
	}

	/**
	 * Writes the buffered bytes of the previous file before the buffer serves another. A failure
	 * belongs to the previous file's transaction, not to the one being appended to: the file keeps
	 * the error and throws it whenever that transaction is next appended to or released (a discard
	 * needs none of its bytes), so the error is never lost, only reported where it matters.
	 */
	private void flushForSwitch() {
		SpillFile previous = this.target;
		try {
			flush();
		}
		catch (SpillException ex) {
			logger.warn("Could not write spill file {} of transaction {}; the transaction fails when it is next used",
					(previous != null) ? previous.path() : null, (previous != null) ? previous.xid() : null, ex);
		}
	}

	/**
	 * Writes the buffered bytes if they belong to the given file.
	 * @param file the file about to be read, truncated or handed on
	 */
	void flush(SpillFile file) {
		if (this.target == file) {
			flush();
		}
	}

	/**
	 * Lets go of a file that is being discarded or handed over, dropping any bytes still buffered
	 * for it without writing them.
	 * @param file the file
	 */
	void forget(SpillFile file) {
		if (this.target == file) {
			this.target = null;
			if (this.buffer != null) {
				this.buffer.clear();
			}
		}
	}

	private ByteBuffer buffer() {
		ByteBuffer buffer = this.buffer;
		if (buffer == null) {
			// direct: the channel writes it as it is, and there is one per assembler for its lifetime
			buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
			this.buffer = buffer;
		}
		return buffer;
	}

}
