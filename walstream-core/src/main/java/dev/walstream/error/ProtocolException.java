package dev.walstream.error;

import org.jspecify.annotations.Nullable;

/**
 * Bytes from the server that do not form a valid message: an unknown tag, a message that needs a
 * newer protocol version than was negotiated, a truncated or inconsistent message. Names the
 * message type and the byte offset within the message where decoding failed. Not retryable: the
 * same bytes would arrive again.
 *
 * @since 0.1.0
 */
public class ProtocolException extends ReplicationException {

	private static final long serialVersionUID = 1L;

	private final String messageType;

	private final int offset;

	/**
	 * Creates an exception for a message that could not be decoded.
	 * @param messageType the message's type as far as it is known, such as {@code Insert ('I')}
	 * @param offset the byte offset within the message where decoding failed
	 * @param detail what is wrong at that offset
	 * @param cause the underlying failure, if any
	 */
	public ProtocolException(String messageType, int offset, String detail, @Nullable Throwable cause) {
		super("Malformed " + messageType + " message at offset " + offset + ": " + detail, cause);
		this.messageType = messageType;
		this.offset = offset;
	}

	/**
	 * Creates an exception for a message that could not be decoded.
	 * @param messageType the message's type as far as it is known, such as {@code Insert ('I')}
	 * @param offset the byte offset within the message where decoding failed
	 * @param detail what is wrong at that offset
	 */
	public ProtocolException(String messageType, int offset, String detail) {
		this(messageType, offset, detail, null);
	}

	/**
	 * Returns the type of the message that failed to decode.
	 * @return the message type, such as {@code Insert ('I')}
	 */
	public String getMessageType() {
		return this.messageType;
	}

	/**
	 * Returns the byte offset within the message where decoding failed.
	 * @return the offset, counted from the message's first byte (its tag)
	 */
	public int getOffset() {
		return this.offset;
	}

}
