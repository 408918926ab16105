package dev.walstream.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import dev.walstream.error.ProtocolException;

/**
 * Big-endian reads over the bytes of one message, from a {@link ByteBuffer}'s position to its
 * limit. The buffer's own position is never moved, nothing is copied unless a method says so, and
 * every length taken from the wire is checked against the bytes that remain before it is used: a
 * short or hostile message raises a {@link ProtocolException} that names the message type and the
 * offset, never an {@link IndexOutOfBoundsException} or a large allocation.
 *
 * <p>Offsets in errors and in {@link #offset()} count from the buffer's position when the reader
 * was created. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class BufferReader {

	private ByteBuffer buffer;

	private int start;

	private int limit;

	private int position;

	private String messageType = "unknown";

	/**
	 * Creates a reader over {@code buffer}'s remaining bytes.
	 * @param buffer the bytes to read; the reader keeps a reference, so do not change them while
	 * reading
	 */
	public BufferReader(ByteBuffer buffer) {
		reset(buffer);
	}

	/**
	 * Points this reader at new bytes, so that a parser can reuse one reader for every message.
	 * @param buffer the bytes to read
	 */
	void reset(ByteBuffer buffer) {
		this.buffer = buffer;
		this.start = buffer.position();
		this.limit = buffer.limit();
		this.position = this.start;
		this.messageType = "unknown";
	}

	/**
	 * Sets the message type named by errors from now on, once the reader knows it.
	 * @param messageType the message type, such as {@code Insert ('I')}
	 */
	public void setMessageType(String messageType) {
		this.messageType = messageType;
	}

	/**
	 * Returns the message type named by errors.
	 * @return the message type
	 */
	public String getMessageType() {
		return this.messageType;
	}

	/**
	 * Returns the buffer this reader reads.
	 * @return the buffer
	 */
	public ByteBuffer buffer() {
		return this.buffer;
	}

	/**
	 * Returns the offset of the next byte to read, counted from where the reader started.
	 * @return the offset
	 */
	public int offset() {
		return this.position - this.start;
	}

	/**
	 * Returns the absolute index of the next byte to read in {@link #buffer()}.
	 * @return the index
	 */
	public int index() {
		return this.position;
	}

	/**
	 * Returns the number of bytes left to read.
	 * @return the remaining byte count
	 */
	public int remaining() {
		return this.limit - this.position;
	}

	/**
	 * Whether any byte is left to read.
	 * @return {@code true} if at least one byte remains
	 */
	public boolean hasRemaining() {
		return this.position < this.limit;
	}

	/**
	 * Reads an unsigned byte.
	 * @return the byte, 0 to 255
	 */
	public int readU8() {
		require(1, "a byte");
		return this.buffer.get(this.position++) & 0xFF;
	}

	/**
	 * Reads a signed 16-bit integer.
	 * @return the value
	 */
	public short readI16() {
		require(2, "a 16-bit integer");
		short value = this.buffer.getShort(this.position);
		this.position += 2;
		return value;
	}

	/**
	 * Reads an unsigned 16-bit integer.
	 * @return the value, 0 to 65535
	 */
	public int readU16() {
		return readI16() & 0xFFFF;
	}

	/**
	 * Reads a signed 32-bit integer.
	 * @return the value
	 */
	public int readI32() {
		require(4, "a 32-bit integer");
		int value = this.buffer.getInt(this.position);
		this.position += 4;
		return value;
	}

	/**
	 * Reads an unsigned 32-bit integer, such as a transaction id.
	 * @return the value, 0 to 2<sup>32</sup>-1
	 */
	public long readU32() {
		return Integer.toUnsignedLong(readI32());
	}

	/**
	 * Reads a signed 64-bit integer.
	 * @return the value
	 */
	public long readI64() {
		require(8, "a 64-bit integer");
		long value = this.buffer.getLong(this.position);
		this.position += 8;
		return value;
	}

	/**
	 * Reads a zero-terminated UTF-8 string, strictly: a missing terminator or invalid UTF-8 is an
	 * error, never a replacement character.
	 * @return the string, without its terminator
	 */
	public String readCString() {
		int end = this.position;
		while (end < this.limit && this.buffer.get(end) != 0) {
			end++;
		}
		if (end == this.limit) {
			throw error("string is not terminated before the end of the message");
		}
		String value = decodeUtf8(this.position, end - this.position);
		this.position = end + 1;
		return value;
	}

	private String decodeUtf8(int index, int length) {
		if (length == 0) {
			return "";
		}
		ByteBuffer bytes = this.buffer.slice(index, length);
		if (isAscii(bytes)) {
			return (bytes.hasArray()) ? new String(bytes.array(), bytes.arrayOffset(), length, StandardCharsets.ISO_8859_1)
					: StandardCharsets.ISO_8859_1.decode(bytes).toString();
		}
		try {
			CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(bytes);
			return chars.toString();
		}
		catch (CharacterCodingException ex) {
			throw error("string is not valid UTF-8", ex);
		}
	}

	private static boolean isAscii(ByteBuffer bytes) {
		for (int i = bytes.position(); i < bytes.limit(); i++) {
			if (bytes.get(i) < 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Returns a view of the next {@code length} bytes and moves past them, without copying.
	 * @param length the number of bytes, checked against what remains
	 * @return a buffer sharing this reader's bytes, position 0, limit {@code length}
	 */
	public ByteBuffer readBytes(int length) {
		checkLength(length, "byte string");
		ByteBuffer view = this.buffer.slice(this.position, length);
		this.position += length;
		return view;
	}

	/**
	 * Moves past {@code length} bytes.
	 * @param length the number of bytes, checked against what remains
	 */
	public void skip(int length) {
		checkLength(length, "field");
		this.position += length;
	}

	/**
	 * Checks a length read from the wire before anything relies on it.
	 * @param length the length
	 * @param what what the length measures, for the error message
	 * @return the length
	 * @throws ProtocolException if the length is negative or longer than what remains
	 */
	public int checkLength(int length, String what) {
		if (length < 0 || length > remaining()) {
			throw error(what + " length " + length + " is " + ((length < 0) ? "negative" : "longer than the "
					+ remaining() + " bytes that remain"));
		}
		return length;
	}

	/**
	 * Checks that the whole message was read.
	 * @throws ProtocolException if bytes remain
	 */
	public void requireFullyRead() {
		if (hasRemaining()) {
			throw error(remaining() + " unexpected trailing bytes");
		}
	}

	/**
	 * Returns an exception for a problem at the current offset.
	 * @param detail what is wrong
	 * @return the exception, for the caller to throw
	 */
	public ProtocolException error(String detail) {
		return error(detail, null);
	}

	/**
	 * Returns an exception for a problem with the byte just read, such as an unknown tag.
	 * @param detail what is wrong
	 * @return the exception, for the caller to throw
	 */
	public ProtocolException errorAtPreviousByte(String detail) {
		return new ProtocolException(this.messageType, offset() - 1, detail);
	}

	private ProtocolException error(String detail, Throwable cause) {
		return new ProtocolException(this.messageType, offset(), detail, cause);
	}

	private void require(int bytes, String what) {
		if (this.limit - this.position < bytes) {
			throw error("truncated: expected " + what + " but only " + remaining() + " bytes remain");
		}
	}

}
