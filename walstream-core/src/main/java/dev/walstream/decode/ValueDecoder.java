package dev.walstream.decode;

import org.jspecify.annotations.Nullable;

/**
 * Decodes one column value in one format (text or binary) into a Java value.
 * <p>
 * The bytes are a view on a buffer the caller owns and reuses: an implementation reads
 * {@code data[offset]} to {@code data[offset + length - 1]}, copies what it keeps, and never holds
 * on to {@code data} after it returns. A SQL {@code NULL} never reaches a decoder; the value's
 * bytes may be empty. Malformed bytes should raise a {@link ValueDecodingException}.
 *
 * @since 0.1.0
 * @see TypeDecoder#of(ValueDecoder, ValueDecoder)
 */
@FunctionalInterface
public interface ValueDecoder {

	/**
	 * Decodes a value.
	 * @param data the buffer holding the value
	 * @param offset the index of the value's first byte in {@code data}
	 * @param length the number of bytes in the value
	 * @return the decoded value
	 * @throws ValueDecodingException if the bytes are not a valid value
	 */
	@Nullable Object decode(byte[] data, int offset, int length);

}
