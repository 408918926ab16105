package dev.walstream.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Big-endian writes into a growing heap buffer: the encoding side of {@link BufferReader}, used to
 * build standby status updates and, in tests and tools, complete pgoutput messages.
 *
 * <p>Not thread-safe.
 *
 * @since 0.1.0
 */
public final class BufferWriter {

	private byte[] bytes;

	private int size;

	/**
	 * Creates a writer with a small initial capacity.
	 */
	public BufferWriter() {
		this(64);
	}

	/**
	 * Creates a writer with the given initial capacity.
	 * @param initialCapacity the number of bytes to reserve
	 */
	public BufferWriter(int initialCapacity) {
		this.bytes = new byte[Math.max(initialCapacity, 8)];
	}

	/**
	 * Writes one byte.
	 * @param value the byte, of which the low 8 bits are written
	 * @return this writer
	 */
	public BufferWriter writeU8(int value) {
		ensure(1);
		this.bytes[this.size++] = (byte) value;
		return this;
	}

	/**
	 * Writes a 16-bit integer.
	 * @param value the value, of which the low 16 bits are written
	 * @return this writer
	 */
	public BufferWriter writeI16(int value) {
		ensure(2);
		this.bytes[this.size++] = (byte) (value >>> 8);
		this.bytes[this.size++] = (byte) value;
		return this;
	}

	/**
	 * Writes a 32-bit integer.
	 * @param value the value
	 * @return this writer
	 */
	public BufferWriter writeI32(int value) {
		ensure(4);
		for (int shift = 24; shift >= 0; shift -= 8) {
			this.bytes[this.size++] = (byte) (value >>> shift);
		}
		return this;
	}

	/**
	 * Writes an unsigned 32-bit integer, such as a transaction id.
	 * @param value the value, of which the low 32 bits are written
	 * @return this writer
	 */
	public BufferWriter writeU32(long value) {
		return writeI32((int) value);
	}

	/**
	 * Writes a 64-bit integer.
	 * @param value the value
	 * @return this writer
	 */
	public BufferWriter writeI64(long value) {
		ensure(8);
		for (int shift = 56; shift >= 0; shift -= 8) {
			this.bytes[this.size++] = (byte) (value >>> shift);
		}
		return this;
	}

	/**
	 * Writes a string as UTF-8 followed by a zero byte.
	 * @param value the string, which must not contain the character U+0000
	 * @return this writer
	 */
	public BufferWriter writeCString(String value) {
		if (value.indexOf('\0') >= 0) {
			throw new IllegalArgumentException("A C string cannot contain a zero character");
		}
		writeBytes(value.getBytes(StandardCharsets.UTF_8));
		return writeU8(0);
	}

	/**
	 * Writes bytes as they are.
	 * @param value the bytes
	 * @return this writer
	 */
	public BufferWriter writeBytes(byte[] value) {
		ensure(value.length);
		System.arraycopy(value, 0, this.bytes, this.size, value.length);
		this.size += value.length;
		return this;
	}

	/**
	 * Writes the remaining bytes of a buffer, leaving its position unchanged.
	 * @param value the bytes
	 * @return this writer
	 */
	public BufferWriter writeBytes(ByteBuffer value) {
		int length = value.remaining();
		ensure(length);
		value.get(value.position(), this.bytes, this.size, length);
		this.size += length;
		return this;
	}

	/**
	 * Returns the number of bytes written so far.
	 * @return the size
	 */
	public int size() {
		return this.size;
	}

	/**
	 * Returns a copy of the bytes written so far.
	 * @return a new array
	 */
	public byte[] toByteArray() {
		return Arrays.copyOf(this.bytes, this.size);
	}

	/**
	 * Returns the bytes written so far as a read-only buffer; later writes do not change it.
	 * @return a read-only buffer, position 0, limit {@link #size()}
	 */
	public ByteBuffer freeze() {
		return ByteBuffer.wrap(toByteArray()).asReadOnlyBuffer();
	}

	private void ensure(int more) {
		if (this.bytes.length - this.size < more) {
			long wanted = Math.max((long) this.size + more, (long) this.bytes.length * 2);
			if (wanted > Integer.MAX_VALUE - 8) {
				throw new IllegalStateException("Buffer would exceed the largest array size");
			}
			this.bytes = Arrays.copyOf(this.bytes, (int) wanted);
		}
	}

}
