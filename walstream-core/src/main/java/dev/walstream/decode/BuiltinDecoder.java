package dev.walstream.decode;

import org.jspecify.annotations.Nullable;

/**
 * Base of the built-in decoders: checks the view against the buffer once, names the type in
 * every error.
 */
abstract class BuiltinDecoder implements TypeDecoder {

	final String typeName;

	BuiltinDecoder(String typeName) {
		this.typeName = typeName;
	}

	@Override
	public final @Nullable Object decodeText(byte[] data, int offset, int length) {
		Bytes.checkBounds(this.typeName, data, offset, length);
		return text(data, offset, length);
	}

	@Override
	public final @Nullable Object decodeBinary(byte[] data, int offset, int length) {
		Bytes.checkBounds(this.typeName, data, offset, length);
		return binary(data, offset, length);
	}

	/**
	 * Decodes in the given format. Overridden, though it does what the default method does, so
	 * that a value costs one interface dispatch (here) and one virtual dispatch (to
	 * {@link #text} or {@link #binary}) rather than two interface dispatches and a virtual one.
	 */
	@Override
	public final @Nullable Object decode(boolean binary, byte[] data, int offset, int length) {
		Bytes.checkBounds(this.typeName, data, offset, length);
		return binary ? binary(data, offset, length) : text(data, offset, length);
	}

	/**
	 * Decodes a text value; the view lies within {@code data}.
	 */
	abstract @Nullable Object text(byte[] data, int offset, int length);

	/**
	 * Decodes a binary value; the view lies within {@code data}.
	 */
	abstract @Nullable Object binary(byte[] data, int offset, int length);

	final ValueDecodingException textError(String reason) {
		return new ValueDecodingException(this.typeName, "text value " + reason);
	}

	final ValueDecodingException textError(String reason, Throwable cause) {
		return new ValueDecodingException(this.typeName, "text value " + reason, cause);
	}

	final ValueDecodingException binaryError(String reason) {
		return new ValueDecodingException(this.typeName, "binary value " + reason);
	}

	final ValueDecodingException binaryError(String reason, Throwable cause) {
		return new ValueDecodingException(this.typeName, "binary value " + reason, cause);
	}

	final void checkBinaryLength(int length, int expected) {
		if (length != expected) {
			throw binaryError("has " + length + " bytes, expected " + expected);
		}
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.typeName + "]";
	}

}
