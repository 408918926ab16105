package dev.walstream.decode;

import java.nio.charset.StandardCharsets;

/**
 * Parses the text form of {@code float4} and {@code float8} from ASCII bytes.
 * <p>
 * Since PostgreSQL 12 the server prints the shortest text that reads back exactly, so most values
 * have few significant digits and a small exponent. Those take Clinger's fast path: a mantissa
 * that fits the floating-point significand, multiplied or divided by an exactly representable
 * power of ten, is rounded once and therefore correctly. A {@code float4} is read the same way as
 * a double and rounded to a float: that second rounding is correct unless the double lies exactly
 * halfway between two floats, which only the JDK's parser settles. Everything else (long
 * mantissas, large exponents, {@code NaN}, {@code Infinity}, malformed text) goes to the JDK's
 * parser.
 */
final class FloatText {

	private static final double[] DOUBLE_POWERS = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
			1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

	private static final int MAX_EXPONENT = DOUBLE_POWERS.length - 1;

	// a decimal mantissa of this many digits is below 2^53
	private static final int DOUBLE_DIGITS = 15;

	/** The bits of a double's significand that a float does not have. */
	private static final long BELOW_FLOAT = (1L << 29) - 1;

	/** Those bits in a double that lies halfway between two floats. */
	private static final long FLOAT_MIDPOINT = 1L << 28;

	/** What {@link #scan} returns for text that the fast path does not take. */
	private static final long SLOW = Long.MIN_VALUE;

	private FloatText() {
	}

	/**
	 * Parses a {@code float8} text value.
	 * @throws NumberFormatException if the text is not a number
	 */
	static double parseDouble(byte[] data, int offset, int length) {
		long packed = scan(data, offset, length);
		if (packed != SLOW) {
			return toDouble(packed);
		}
		return Double.parseDouble(new String(data, offset, length, StandardCharsets.ISO_8859_1));
	}

	/**
	 * Parses a {@code float4} text value.
	 * @throws NumberFormatException if the text is not a number
	 */
	static float parseFloat(byte[] data, int offset, int length) {
		long packed = scan(data, offset, length);
		if (packed != SLOW) {
			double value = toDouble(packed);
			// |value| is 0 or between 1e-22 and 1e37: a normal float, or zero
			if ((Double.doubleToRawLongBits(value) & BELOW_FLOAT) != FLOAT_MIDPOINT) {
				return (float) value;
			}
		}
		return Float.parseFloat(new String(data, offset, length, StandardCharsets.ISO_8859_1));
	}

	private static double toDouble(long packed) {
		double value = (double) mantissa(packed);
		int exponent = exponent(packed);
		value = (exponent >= 0) ? value * DOUBLE_POWERS[exponent] : value / DOUBLE_POWERS[-exponent];
		return negative(packed) ? -value : value;
	}

	// packed result of scan: bit 63 clear (SLOW has it set), bit 62 sign, bits 6..55 mantissa
	// (< 10^15 < 2^50), bits 0..5 exponent + 32 (|exponent| <= 22)
	private static long mantissa(long packed) {
		return (packed >>> 6) & ((1L << 50) - 1);
	}

	private static int exponent(long packed) {
		return (int) (packed & 0x3F) - 32;
	}

	private static boolean negative(long packed) {
		return (packed & (1L << 62)) != 0;
	}

	/**
	 * Reads {@code [+-]digits[.digits][(e|E)[+-]digits]} with at most 15 significant digits and a
	 * decimal exponent of at most 22 either way, and returns the packed decimal mantissa, exponent
	 * and sign, or {@link #SLOW} for anything else.
	 */
	private static long scan(byte[] data, int offset, int length) {
		int p = offset;
		int end = offset + length;
		if (p == end) {
			return SLOW;
		}
		boolean negative = false;
		if (data[p] == '-' || data[p] == '+') {
			negative = data[p] == '-';
			p++;
		}
		long mantissa = 0;
		int significant = 0;
		int exponent = 0;
		boolean anyDigit = false;
		while (p < end && Bytes.isDigit(data[p])) {
			int digit = Bytes.digit(data[p++]);
			anyDigit = true;
			if (mantissa != 0 || digit != 0) {
				if (++significant > DOUBLE_DIGITS) {
					return SLOW;
				}
				mantissa = mantissa * 10 + digit;
			}
		}
		if (p < end && data[p] == '.') {
			p++;
			while (p < end && Bytes.isDigit(data[p])) {
				int digit = Bytes.digit(data[p++]);
				anyDigit = true;
				if (mantissa != 0 || digit != 0) {
					if (++significant > DOUBLE_DIGITS) {
						return SLOW;
					}
					mantissa = mantissa * 10 + digit;
				}
				exponent--;
			}
		}
		if (!anyDigit) {
			return SLOW;
		}
		if (p < end && (data[p] == 'e' || data[p] == 'E')) {
			p++;
			boolean negativeExponent = false;
			if (p < end && (data[p] == '-' || data[p] == '+')) {
				negativeExponent = data[p] == '-';
				p++;
			}
			int explicit = 0;
			int start = p;
			while (p < end && Bytes.isDigit(data[p])) {
				explicit = explicit * 10 + Bytes.digit(data[p++]);
				if (explicit > 9999) {
					return SLOW;
				}
			}
			if (p == start) {
				return SLOW;
			}
			exponent += negativeExponent ? -explicit : explicit;
		}
		if (p != end) {
			return SLOW;
		}
		if (mantissa == 0) {
			exponent = 0;
		}
		else if (exponent < -MAX_EXPONENT || exponent > MAX_EXPONENT) {
			return SLOW;
		}
		return (negative ? (1L << 62) : 0) | (mantissa << 6) | (exponent + 32);
	}

}
