package dev.walstream.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads the records of a spill file back in order, through a buffer of bounded size: a
 * multi-gigabyte file is never loaded whole. Each message comes back in its own array, because the
 * parser's events are views on the bytes they were parsed from and may outlive the next message.
 * A message longer than the buffer is read in buffer-sized slices into its own array; it fits in
 * memory, since nothing longer than {@link TransactionAssembler#MAX_MESSAGE_BYTES} is ever written.
 *
 * <p>Every length read is checked against what the file should still hold, so a damaged file fails
 * with an error naming it instead of allocating a bogus amount or returning garbage. Not
 * thread-safe.
 */
final class SpillFileIterator implements Iterator<ByteBuffer> {

	static final int BUFFER_BYTES = 64 * 1024;

	private final SpillFile file;

	private final long length;

	private final ByteBuffer buffer;

	private final Runnable checkOpen;

	/** The file position of the buffer's limit: the next byte to read from the file. */
	private long filePosition;

	private long remainingMessages;

	/**
	 * Creates an iterator over the first messages of a file.
	 * @param file the file, with every appended byte written
	 * @param messageCount the number of records in the file
	 * @param checkOpen throws if the transaction the file belongs to was closed
	 */
	SpillFileIterator(SpillFile file, long messageCount, Runnable checkOpen) {
		this.file = file;
		this.length = file.length();
		this.remainingMessages = messageCount;
		this.checkOpen = checkOpen;
		int capacity = (int) Math.min(BUFFER_BYTES, Math.max(this.length, SpillWriter.HEADER_BYTES));
		this.buffer = ByteBuffer.allocate(capacity);
		this.buffer.limit(0);
	}

	@Override
	public boolean hasNext() {
		return this.remainingMessages > 0;
	}

	@Override
	public ByteBuffer next() {
		if (!hasNext()) {
			throw new NoSuchElementException("All messages of transaction " + this.file.xid() + " were read");
		}
		this.checkOpen.run();
		long recordStart = position();
		fill(SpillWriter.HEADER_BYTES, recordStart);
		int messageLength = this.buffer.getInt();
		long remainingBytes = this.length - position();
		if (messageLength < 0 || messageLength > TransactionAssembler.MAX_MESSAGE_BYTES
				|| messageLength > remainingBytes) {
			throw corrupt("the record at byte " + recordStart + " claims " + messageLength + " bytes but "
					+ remainingBytes + " remain");
		}
		byte[] message = new byte[messageLength];
		int copied = 0;
		while (copied < messageLength) {
			if (!this.buffer.hasRemaining()) {
				fill(1, recordStart);
			}
			int slice = Math.min(messageLength - copied, this.buffer.remaining());
			this.buffer.get(message, copied, slice);
			copied += slice;
		}
		this.remainingMessages--;
		if (this.remainingMessages == 0 && position() != this.length) {
			throw corrupt("the last record ends at byte " + position() + " but the file holds " + this.length
					+ " bytes");
		}
		return ByteBuffer.wrap(message);
	}

	/** Returns the file position of the next byte {@link #next()} consumes. */
	private long position() {
		return this.filePosition - this.buffer.remaining();
	}

	/**
	 * Makes the buffer hold at least the given number of unread bytes.
	 * @param needed at most the buffer's capacity
	 * @param recordStart the start of the record being read, for errors
	 */
	private void fill(int needed, long recordStart) {
		if (this.buffer.remaining() >= needed) {
			return;
		}
		if (this.length - position() < needed) {
			throw corrupt("the record at byte " + recordStart + " is cut off at the end of the file, byte "
					+ this.length);
		}
		this.buffer.compact();
		int toRead = (int) Math.min(this.buffer.remaining(), this.length - this.filePosition);
		this.buffer.limit(this.buffer.position() + toRead);
		this.file.readFully(this.buffer, this.filePosition);
		this.filePosition += toRead;
		this.buffer.flip();
	}

	private RuntimeException corrupt(String detail) {
		return this.file.fail("read", new IOException("corrupt spill file: " + detail));
	}

}
