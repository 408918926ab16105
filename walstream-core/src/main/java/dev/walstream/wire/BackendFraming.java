package dev.walstream.wire;

import org.jspecify.annotations.Nullable;

/**
 * Follows the server's side of a connection message by message (a type byte, a 32-bit length that
 * counts itself, the body) and decides how many of the bytes just read may reach the reader: all
 * of them, unless they complete the length of a message that announces more than the limit (or less
 * than four). Then the bytes before that last length byte pass, and the next read fails: pgjdbc
 * never holds the whole length, so never allocates a buffer of it.
 *
 * <p>Bodies are skipped, not scanned, so the cost is a few operations per message. Two things on
 * the wire are not framed: the one-byte answer to an SSLRequest or GSSENCRequest (expected when the
 * {@link StartupWatcher} saw one go out), and everything after TLS or GSS encryption starts, which
 * is passed on unchecked.
 *
 * <p>Not thread-safe: one reading thread, and the startup (when the client writes its requests)
 * happens on that same thread before anything else reads.
 */
final class BackendFraming {

	private static final int HEADER_BYTES = 5;

	private static final int LENGTH_OF_LENGTH = 4;

	private final long limit;

	private long offset;

	private long messageStart;

	private boolean answerExpected;

	private boolean encrypted;

	private int headerBytesSeen;

	private byte messageType;

	private long announcedLength;

	private long bodyRemaining;

	private @Nullable OversizedMessageException failure;

	BackendFraming(long limit) {
		this.limit = limit;
	}

	/** The client asked for TLS or GSS encryption: the server answers with one byte, not a message. */
	void expectNegotiationAnswer() {
		this.answerExpected = true;
	}

	/** The client started TLS without asking (direct TLS): nothing on this connection is framed. */
	void encryptedFromStart() {
		this.encrypted = true;
	}

	/**
	 * Returns whether the connection is encrypted, so that its bytes are no longer checked.
	 * @return whether an encryption request was accepted or the client started with TLS
	 */
	boolean encrypted() {
		return this.encrypted;
	}

	/**
	 * Fails if an earlier read withheld the last byte of an oversized length: from then on every read
	 * fails, whether or not more bytes arrive.
	 * @throws OversizedMessageException if so
	 */
	void failIfWithheld() throws OversizedMessageException {
		OversizedMessageException withheld = this.failure;
		if (withheld != null) {
			throw withheld;
		}
	}

	/**
	 * Follows bytes just read from the server.
	 * @param bytes the buffer
	 * @param from the first byte read
	 * @param count how many were read
	 * @return how many of them, from {@code from}, may reach the reader; at least one
	 * @throws OversizedMessageException if the first byte completes an oversized length
	 */
	int inspect(byte[] bytes, int from, int count) throws OversizedMessageException {
		int end = from + count;
		int position = from;
		while (position < end && !this.encrypted) {
			if (this.bodyRemaining > 0) {
				int skipped = (int) Math.min(this.bodyRemaining, end - position);
				this.bodyRemaining -= skipped;
				position += skipped;
			}
			else if (this.answerExpected && this.headerBytesSeen == 0) {
				this.answerExpected = false;
				byte answer = bytes[position];
				if (answer == 'S' || answer == 'G') {
					this.encrypted = true;
					position++;
				}
				else if (answer == 'N') {
					position++;
				}
				// anything else is the start of a message, such as an ErrorResponse from an old server
			}
			else {
				OversizedMessageException oversized = header(bytes[position], this.offset + position - from);
				if (oversized != null) {
					if (position == from) {
						throw oversized;
					}
					this.failure = oversized;
					this.offset += position - from;
					return position - from;
				}
				position++;
			}
		}
		this.offset += count;
		return count;
	}

	/** Takes one header byte, found at {@code at} among all the bytes the server sent. */
	private @Nullable OversizedMessageException header(byte value, long at) {
		if (this.headerBytesSeen == 0) {
			this.messageType = value;
			this.announcedLength = 0;
			this.messageStart = at;
		}
		this.headerBytesSeen++;
		if (this.headerBytesSeen > 1) {
			this.announcedLength = (this.announcedLength << 8) | (value & 0xff);
		}
		if (this.headerBytesSeen < HEADER_BYTES) {
			return null;
		}
		this.headerBytesSeen = 0;
		if (this.announcedLength < LENGTH_OF_LENGTH || this.announcedLength > this.limit) {
			return new OversizedMessageException(this.messageType, this.announcedLength, this.limit, this.messageStart);
		}
		this.bodyRemaining = this.announcedLength - LENGTH_OF_LENGTH;
		return null;
	}

}
