package dev.walstream.decode;

import java.nio.charset.StandardCharsets;

/**
 * Decodes text types ({@code text, varchar, bpchar, name, xml, json, unknown}) in both formats:
 * their send functions send the same UTF-8 text as their output functions.
 */
final class StringDecoder extends BuiltinDecoder {

	static final StringDecoder ANY = new StringDecoder("string");

	StringDecoder(String typeName) {
		super(typeName);
	}

	@Override
	Object text(byte[] data, int offset, int length) {
		return new String(data, offset, length, StandardCharsets.UTF_8);
	}

	@Override
	Object binary(byte[] data, int offset, int length) {
		return new String(data, offset, length, StandardCharsets.UTF_8);
	}

}
