package dev.walstream.decode;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decoders of {@code int2, int4, int8, oid, float4, float8, bool} and {@code pg_lsn}.
 */
final class NumberDecoders {

	static final BuiltinDecoder INT2 = new Int2Decoder();

	static final BuiltinDecoder INT4 = new Int4Decoder();

	static final BuiltinDecoder INT8 = new Int8Decoder();

	static final BuiltinDecoder OID = new OidDecoder();

	static final BuiltinDecoder FLOAT4 = new Float4Decoder();

	static final BuiltinDecoder FLOAT8 = new Float8Decoder();

	static final BuiltinDecoder BOOL = new BoolDecoder();

	static final BuiltinDecoder PG_LSN = new LsnDecoder();

	private NumberDecoders() {
	}

	/**
	 * Parses an optionally signed decimal integer within {@code [min, max]}, accumulating
	 * negatively as {@link Long#parseLong(String)} does so that {@code Long.MIN_VALUE} parses.
	 */
	static long parseLong(BuiltinDecoder decoder, byte[] data, int offset, int length, long min, long max) {
		int p = offset;
		int end = offset + length;
		if (p == end) {
			throw decoder.textError("is empty");
		}
		boolean negative = false;
		if (data[p] == '-' || data[p] == '+') {
			negative = data[p] == '-';
			if (++p == end) {
				throw decoder.textError("has a sign but no digits");
			}
		}
		long limit = negative ? min : -max;
		long multiplyLimit = limit / 10;
		long result = 0;
		while (p < end) {
			int digit = Bytes.digit(data[p]);
			if (digit < 0 || digit > 9) {
				throw decoder.textError("has a character that is not a digit at index " + (p - offset));
			}
			if (result < multiplyLimit) {
				throw decoder.textError("is out of range");
			}
			result *= 10;
			if (result < limit + digit) {
				throw decoder.textError("is out of range");
			}
			result -= digit;
			p++;
		}
		return negative ? result : -result;
	}

	private static final class Int2Decoder extends BuiltinDecoder {

		Int2Decoder() {
			super("int2");
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			return (short) parseLong(this, data, offset, length, Short.MIN_VALUE, Short.MAX_VALUE);
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			checkBinaryLength(length, 2);
			return Bytes.readShort(data, offset);
		}

	}

	private static final class Int4Decoder extends BuiltinDecoder {

		Int4Decoder() {
			super("int4");
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			return (int) parseLong(this, data, offset, length, Integer.MIN_VALUE, Integer.MAX_VALUE);
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			checkBinaryLength(length, 4);
			return Bytes.readInt(data, offset);
		}

	}

	private static final class Int8Decoder extends BuiltinDecoder {

		Int8Decoder() {
			super("int8");
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			return parseLong(this, data, offset, length, Long.MIN_VALUE, Long.MAX_VALUE);
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			checkBinaryLength(length, 8);
			return Bytes.readLong(data, offset);
		}

	}

	/**
	 * {@code oid}, an unsigned 32-bit number, to {@code Long} as pgjdbc does.
	 */
	private static final class OidDecoder extends BuiltinDecoder {

		OidDecoder() {
			super("oid");
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			return parseLong(this, data, offset, length, 0, 0xFFFF_FFFFL);
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			checkBinaryLength(length, 4);
			return Integer.toUnsignedLong(Bytes.readInt(data, offset));
		}

	}

	private static final class Float4Decoder extends BuiltinDecoder {

		Float4Decoder() {
			super("float4");
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			try {
				return FloatText.parseFloat(data, offset, length);
			}
			catch (NumberFormatException ex) {
				throw textError("is not a number", ex);
			}
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			checkBinaryLength(length, 4);
			return Float.intBitsToFloat(Bytes.readInt(data, offset));
		}

	}

	private static final class Float8Decoder extends BuiltinDecoder {

		Float8Decoder() {
			super("float8");
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			try {
				return FloatText.parseDouble(data, offset, length);
			}
			catch (NumberFormatException ex) {
				throw textError("is not a number", ex);
			}
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			checkBinaryLength(length, 8);
			return Double.longBitsToDouble(Bytes.readLong(data, offset));
		}

	}

	/**
	 * {@code bool}: the output function prints {@code t} or {@code f}; the send function sends one
	 * byte, and the server's receive function reads any non-zero byte as true.
	 */
	private static final class BoolDecoder extends BuiltinDecoder {

		BoolDecoder() {
			super("bool");
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			if (length == 1) {
				if (data[offset] == 't') {
					return Boolean.TRUE;
				}
				if (data[offset] == 'f') {
					return Boolean.FALSE;
				}
			}
			else if (Bytes.equalsAscii(data, offset, length, "true")) {
				return Boolean.TRUE;
			}
			else if (Bytes.equalsAscii(data, offset, length, "false")) {
				return Boolean.FALSE;
			}
			throw textError("is neither t nor f");
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			checkBinaryLength(length, 1);
			return data[offset] != 0;
		}

	}

	/**
	 * {@code pg_lsn} to the {@link String} the output function prints, such as
	 * {@code 16/B374D848}, in both formats.
	 */
	private static final class LsnDecoder extends BuiltinDecoder {

		LsnDecoder() {
			super("pg_lsn");
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			return new String(data, offset, length, StandardCharsets.US_ASCII);
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			checkBinaryLength(length, 8);
			long lsn = Bytes.readLong(data, offset);
			return Integer.toHexString((int) (lsn >>> 32)).toUpperCase(Locale.ROOT) + "/"
					+ Integer.toHexString((int) lsn).toUpperCase(Locale.ROOT);
		}

	}

}
