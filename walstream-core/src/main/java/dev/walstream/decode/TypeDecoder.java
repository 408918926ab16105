package dev.walstream.decode;

import org.jspecify.annotations.Nullable;

/**
 * Decodes the values of one PostgreSQL type, in both of the formats a {@code pgoutput} tuple may
 * carry them: text (the type's output function) and binary (its send function).
 * <p>
 * Implementations are stateless and thread-safe, and follow the rules of {@link ValueDecoder}:
 * they read the view they are given, never keep {@code data}, and allocate only their result.
 * The built-in decoders come from {@link ValueDecoders}; the factories here build decoders for
 * user-defined types.
 *
 * @since 0.1.0
 */
public interface TypeDecoder {

	/**
	 * Decodes a value in text format, as produced by the type's output function.
	 * @param data the buffer holding the value
	 * @param offset the index of the value's first byte in {@code data}
	 * @param length the number of bytes in the value
	 * @return the decoded value
	 * @throws ValueDecodingException if the bytes are not a valid value
	 */
	@Nullable Object decodeText(byte[] data, int offset, int length);

	/**
	 * Decodes a value in binary format, as produced by the type's send function.
	 * @param data the buffer holding the value
	 * @param offset the index of the value's first byte in {@code data}
	 * @param length the number of bytes in the value
	 * @return the decoded value
	 * @throws ValueDecodingException if the bytes are not a valid value
	 */
	@Nullable Object decodeBinary(byte[] data, int offset, int length);

	/**
	 * Decodes a value in the given format.
	 * @param binary whether the value is in binary format rather than text
	 * @param data the buffer holding the value
	 * @param offset the index of the value's first byte in {@code data}
	 * @param length the number of bytes in the value
	 * @return the decoded value
	 * @throws ValueDecodingException if the bytes are not a valid value
	 */
	default @Nullable Object decode(boolean binary, byte[] data, int offset, int length) {
		return binary ? decodeBinary(data, offset, length) : decodeText(data, offset, length);
	}

	/**
	 * Returns a decoder made of one function per format. Both are only called with a view that
	 * lies within {@code data}.
	 * @param text decodes text values
	 * @param binary decodes binary values
	 * @return the decoder
	 */
	static TypeDecoder of(ValueDecoder text, ValueDecoder binary) {
		return new FunctionalTypeDecoder(text, binary);
	}

	/**
	 * Returns a decoder that decodes text values with the given function and returns binary
	 * values as a copy of their bytes, as the server's send function produced them.
	 * @param text decodes text values
	 * @return the decoder
	 */
	static TypeDecoder ofText(ValueDecoder text) {
		return new FunctionalTypeDecoder(text, FallbackDecoder::copyBytes);
	}

	/**
	 * Returns the decoder for types whose values are strings in both formats: it decodes the
	 * UTF-8 bytes into a {@link String}. Suits enums (whose send function sends the label),
	 * domains over text types, and extension types such as {@code citext}.
	 * @return the decoder
	 */
	static TypeDecoder string() {
		return StringDecoder.ANY;
	}

	/**
	 * Returns the decoder used for types that have no decoder: a text value becomes the
	 * {@link String} the server's output function produced, a binary value a {@code byte[]} copy
	 * of the bytes its send function produced.
	 * @return the decoder
	 */
	static TypeDecoder fallback() {
		return FallbackDecoder.INSTANCE;
	}

	/**
	 * Returns a decoder for one-dimensional or multi-dimensional arrays of a type whose text
	 * form delimits elements with {@code ','}, as all but {@code box} do.
	 * @param element decodes the elements
	 * @return the decoder; values are {@link java.util.List}s, nested for each dimension
	 * @see #arrayOf(TypeDecoder, char)
	 */
	static TypeDecoder arrayOf(TypeDecoder element) {
		return arrayOf(element, ',');
	}

	/**
	 * Returns a decoder for arrays of a type. Arrays decode into immutable
	 * {@link java.util.List}s that may hold {@code null}, one level of nesting per dimension;
	 * lower bounds other than 1 are not kept. Binary elements are decoded with {@code element}
	 * whatever element type the array's header names.
	 * @param element decodes the elements
	 * @param delimiter the element type's {@code typdelim}
	 * @return the decoder
	 */
	static TypeDecoder arrayOf(TypeDecoder element, char delimiter) {
		return new ArrayDecoder("array", element, PgTypeOids.INVALID, delimiter, null);
	}

}
