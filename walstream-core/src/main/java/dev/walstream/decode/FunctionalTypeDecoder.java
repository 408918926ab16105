package dev.walstream.decode;

import org.jspecify.annotations.Nullable;

/**
 * A {@link TypeDecoder} made of two {@link ValueDecoder}s, one per format, that only ever sees
 * views within the buffer.
 */
final class FunctionalTypeDecoder implements TypeDecoder {

	private final ValueDecoder text;

	private final ValueDecoder binary;

	FunctionalTypeDecoder(ValueDecoder text, ValueDecoder binary) {
		this.text = text;
		this.binary = binary;
	}

	@Override
	public @Nullable Object decodeText(byte[] data, int offset, int length) {
		Bytes.checkBounds("value", data, offset, length);
		return this.text.decode(data, offset, length);
	}

	@Override
	public @Nullable Object decodeBinary(byte[] data, int offset, int length) {
		Bytes.checkBounds("value", data, offset, length);
		return this.binary.decode(data, offset, length);
	}

}
