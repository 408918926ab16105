package dev.walstream.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Big-endian reads and ASCII helpers over a byte array; callers have checked the bounds.
 */
final class Bytes {

	private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
			ByteOrder.BIG_ENDIAN);

	private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

	private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	/** The value of each byte as a hexadecimal digit, -1 for bytes that are not one. */
	private static final byte[] HEX_VALUES = new byte[256];

	static {
		Arrays.fill(HEX_VALUES, (byte) -1);
		for (int i = 0; i < 16; i++) {
			HEX_VALUES["0123456789abcdef".charAt(i)] = (byte) i;
			HEX_VALUES["0123456789ABCDEF".charAt(i)] = (byte) i;
		}
	}

	private Bytes() {
	}

	/**
	 * Checks that {@code data[offset .. offset + length)} lies within {@code data}.
	 */
	static void checkBounds(String typeName, byte[] data, int offset, int length) {
		if ((offset | length) < 0 || length > data.length - offset) {
			throw new ValueDecodingException(typeName, "value of " + length + " bytes at offset " + offset
					+ " lies outside a buffer of " + data.length + " bytes");
		}
	}

	static short readShort(byte[] data, int offset) {
		return (short) SHORT.get(data, offset);
	}

	static int readUnsignedShort(byte[] data, int offset) {
		return ((short) SHORT.get(data, offset)) & 0xFFFF;
	}

	static int readInt(byte[] data, int offset) {
		return (int) INT.get(data, offset);
	}

	static long readLong(byte[] data, int offset) {
		return (long) LONG.get(data, offset);
	}

	static void writeLong(byte[] data, int offset, long value) {
		LONG.set(data, offset, value);
	}

	/**
	 * Returns the value of an ASCII decimal digit, or a negative number or one above 9 if the
	 * byte is not a digit.
	 */
	static int digit(byte b) {
		return b - '0';
	}

	static boolean isDigit(byte b) {
		return b >= '0' && b <= '9';
	}

	/**
	 * Returns the value of an ASCII hexadecimal digit of either case, or -1.
	 */
	static int hexDigit(byte b) {
		// a table look-up: the branches of a range test cost more on random hex digits, which
		// defeat the branch predictor
		return HEX_VALUES[b & 0xFF];
	}

	/**
	 * Returns whether {@code data[offset .. offset + length)} holds exactly {@code ascii}.
	 */
	static boolean equalsAscii(byte[] data, int offset, int length, String ascii) {
		if (length != ascii.length()) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (data[offset + i] != ascii.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	static void appendHexByte(StringBuilder sb, int b) {
		sb.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
	}

	/**
	 * Returns the ASCII bytes as chars, for the parsers of the JDK that take no bytes.
	 */
	static char[] asciiChars(byte[] data, int offset, int length) {
		char[] chars = new char[length];
		for (int i = 0; i < length; i++) {
			chars[i] = (char) (data[offset + i] & 0xFF);
		}
		return chars;
	}

}
