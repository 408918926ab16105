package dev.walstream.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * Helpers for decoding tests: every value is decoded from the middle of a larger buffer, so a
 * decoder that ignores its offset or reads past its length fails.
 */
final class DecodingSupport {

	static final ValueDecoders DECODERS = ValueDecoders.defaults();

	private static final int PADDING = 7;

	private DecodingSupport() {
	}

	static @Nullable Object text(int oid, String text) {
		return text(DECODERS.resolve(oid), text);
	}

	static @Nullable Object text(TypeDecoder decoder, String text) {
		byte[] buffer = embed(text.getBytes(StandardCharsets.UTF_8));
		return decoder.decodeText(buffer, PADDING, buffer.length - 2 * PADDING);
	}

	static @Nullable Object binary(int oid, String hex) {
		return binary(DECODERS.resolve(oid), hex(hex));
	}

	static @Nullable Object binary(int oid, byte[] value) {
		return binary(DECODERS.resolve(oid), value);
	}

	static @Nullable Object binary(TypeDecoder decoder, byte[] value) {
		byte[] buffer = embed(value);
		return decoder.decodeBinary(buffer, PADDING, value.length);
	}

	static byte[] hex(String hex) {
		return HexFormat.of().parseHex(hex.replace(" ", ""));
	}

	/**
	 * Copies a value into a buffer between runs of '9', which would change a number that a
	 * decoder read past either end of its view.
	 */
	static byte[] embed(byte[] value) {
		byte[] buffer = new byte[value.length + 2 * PADDING];
		Arrays.fill(buffer, (byte) '9');
		System.arraycopy(value, 0, buffer, PADDING, value.length);
		return buffer;
	}

}
