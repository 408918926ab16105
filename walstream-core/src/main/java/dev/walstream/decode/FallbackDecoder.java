package dev.walstream.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes values of types without a decoder: text to the {@link String} the output function
 * produced, binary to a copy of the bytes the send function produced.
 */
final class FallbackDecoder extends BuiltinDecoder {

	static final FallbackDecoder INSTANCE = new FallbackDecoder("value");

	FallbackDecoder(String typeName) {
		super(typeName);
	}

	@Override
	Object text(byte[] data, int offset, int length) {
		return new String(data, offset, length, StandardCharsets.UTF_8);
	}

	@Override
	Object binary(byte[] data, int offset, int length) {
		return Arrays.copyOfRange(data, offset, offset + length);
	}

	static Object copyBytes(byte[] data, int offset, int length) {
		return Arrays.copyOfRange(data, offset, offset + length);
	}

}
