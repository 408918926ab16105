package dev.walstream.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * Decoders of {@code "char"}, {@code bytea}, {@code uuid}, {@code jsonb} and {@code jsonpath}.
 */
final class TextDecoders {

	static final BuiltinDecoder CHAR = new CharDecoder();

	static final BuiltinDecoder BYTEA = new ByteaDecoder();

	static final BuiltinDecoder UUID = new UuidDecoder();

	static final BuiltinDecoder JSONB = new JsonbDecoder("jsonb");

	static final BuiltinDecoder JSONPATH = new JsonbDecoder("jsonpath");

	private TextDecoders() {
	}

	/**
	 * {@code "char"}, one byte, to a {@link String}. Its send function sends the raw byte; the
	 * output function prints it as is, nothing for a zero byte, and (since PostgreSQL 15) a byte
	 * with the high bit set as an octal escape such as {@code \303}, which the binary decoding
	 * reproduces.
	 */
	private static final class CharDecoder extends BuiltinDecoder {

		CharDecoder() {
			super("char");
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			return new String(data, offset, length, StandardCharsets.UTF_8);
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			if (length == 0) {
				return "";
			}
			checkBinaryLength(length, 1);
			int b = data[offset] & 0xFF;
			if (b == 0) {
				return "";
			}
			if (b < 0x80) {
				return String.valueOf((char) b);
			}
			return new String(new char[] { '\\', (char) ('0' + (b >> 6)), (char) ('0' + ((b >> 3) & 7)),
					(char) ('0' + (b & 7)) });
		}

	}

	/**
	 * {@code bytea} to {@code byte[]}. Text is the hex format {@code \x0aff..} that
	 * {@code bytea_output=hex} (the default) selects, decoded here without copying, or the legacy
	 * escape format, checked here and decoded by pgjdbc's {@link PgjdbcBytea}.
	 */
	private static final class ByteaDecoder extends BuiltinDecoder {

		ByteaDecoder() {
			super("bytea");
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			if (length >= 2 && data[offset] == '\\' && data[offset + 1] == 'x') {
				return hex(data, offset + 2, length - 2);
			}
			return PgjdbcBytea.fromEscapeFormat(this, data, offset, length);
		}

		private byte[] hex(byte[] data, int offset, int length) {
			if ((length & 1) != 0) {
				throw textError("has an odd number of hex digits");
			}
			byte[] bytes = new byte[length >> 1];
			for (int i = 0; i < bytes.length; i++) {
				int high = Bytes.hexDigit(data[offset + 2 * i]);
				int low = Bytes.hexDigit(data[offset + 2 * i + 1]);
				if ((high | low) < 0) {
					throw textError("has a character that is not a hex digit near index " + (2 + 2 * i));
				}
				bytes[i] = (byte) ((high << 4) | low);
			}
			return bytes;
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			return Arrays.copyOfRange(data, offset, offset + length);
		}

	}

	/**
	 * {@code uuid} to {@link java.util.UUID}: 36 characters {@code 8-4-4-4-12} in text, 16 bytes
	 * in binary.
	 */
	private static final class UuidDecoder extends BuiltinDecoder {

		UuidDecoder() {
			super("uuid");
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			if (length != 36 || data[offset + 8] != '-' || data[offset + 13] != '-' || data[offset + 18] != '-'
					|| data[offset + 23] != '-') {
				throw textError("is not of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
			}
			long timeLow = hex(data, offset, 8);
			long timeMid = hex(data, offset + 9, 4);
			long timeHigh = hex(data, offset + 14, 4);
			long clock = hex(data, offset + 19, 4);
			long nodeHigh = hex(data, offset + 24, 4);
			long nodeLow = hex(data, offset + 28, 8);
			if ((timeLow | timeMid | timeHigh | clock | nodeHigh | nodeLow) < 0) {
				throw textError("has a character that is not a hex digit");
			}
			return new UUID((timeLow << 32) | (timeMid << 16) | timeHigh, (clock << 48) | (nodeHigh << 32) | nodeLow);
		}

		/**
		 * Reads up to eight hex digits; returns a negative number if one is not a hex digit.
		 */
		private static long hex(byte[] data, int offset, int count) {
			long value = 0;
			int invalid = 0;
			for (int i = 0; i < count; i++) {
				int digit = Bytes.hexDigit(data[offset + i]);
				invalid |= digit;
				value = (value << 4) | (digit & 0xF);
			}
			return (invalid < 0) ? -1 : value;
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			checkBinaryLength(length, 16);
			return new UUID(Bytes.readLong(data, offset), Bytes.readLong(data, offset + 8));
		}

	}

	/**
	 * {@code jsonb} and {@code jsonpath} to the {@link String} of their text; in binary the text
	 * follows a version byte, which is 1 in every server version so far.
	 */
	private static final class JsonbDecoder extends BuiltinDecoder {

		JsonbDecoder(String typeName) {
			super(typeName);
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			return new String(data, offset, length, StandardCharsets.UTF_8);
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			if (length == 0) {
				throw binaryError("is empty, without its version byte");
			}
			if (data[offset] != 1) {
				throw binaryError("has unsupported version " + data[offset]);
			}
			return new String(data, offset + 1, length - 1, StandardCharsets.UTF_8);
		}

	}

}
