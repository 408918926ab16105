package dev.walstream.decode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * {@code numeric} to {@link BigDecimal}, with the scale the server displays; {@code NaN},
 * {@code Infinity} and {@code -Infinity} (PostgreSQL 14+) to the {@link Double} constants, as
 * pgjdbc's {@code getObject} does.
 * <p>
 * The binary form is {@code ndigits, weight, sign, dscale} (16 bits each) followed by
 * {@code ndigits} base-10000 digits, the first worth {@code 10000^weight}.
 */
final class NumericDecoder extends BuiltinDecoder {

	static final NumericDecoder INSTANCE = new NumericDecoder();

	private static final int POSITIVE = 0x0000;

	private static final int NEGATIVE = 0x4000;

	private static final int NAN = 0xC000;

	private static final int POSITIVE_INFINITY = 0xD000;

	private static final int NEGATIVE_INFINITY = 0xF000;

	private static final int DSCALE_MASK = 0x3FFF;

	private static final int NBASE = 10000;

	private static final long[] POWERS_OF_TEN = new long[19];

	static {
		POWERS_OF_TEN[0] = 1;
		for (int i = 1; i < POWERS_OF_TEN.length; i++) {
			POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
		}
	}

	private NumericDecoder() {
		super("numeric");
	}

	@Override
	Object text(byte[] data, int offset, int length) {
		if (length == 0) {
			throw textError("is empty");
		}
		byte first = data[offset];
		if (first == 'N' || first == 'I' || (first == '-' && length > 1 && data[offset + 1] == 'I')) {
			return special(data, offset, length);
		}
		int p = offset;
		int end = offset + length;
		boolean negative = false;
		if (first == '-' || first == '+') {
			negative = first == '-';
			p++;
		}
		int digitsStart = p;
		// fast path: up to 18 digits fit a long
		long unscaled = 0;
		int digits = 0;
		int scale = 0;
		boolean point = false;
		for (; p < end; p++) {
			int digit = Bytes.digit(data[p]);
			if (digit >= 0 && digit <= 9) {
				if (++digits > 18) {
					return parseWide(data, offset, length, digitsStart, negative);
				}
				unscaled = unscaled * 10 + digit;
				if (point) {
					scale++;
				}
			}
			else if (data[p] == '.' && !point) {
				point = true;
			}
			else {
				return parseSlowly(data, offset, length);
			}
		}
		if (digits == 0) {
			throw textError("has no digits");
		}
		return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
	}

	/**
	 * Reads more than 18 digits: the significant ones, past leading zeros, 18 at a time; up to 36
	 * of them fit two longs, {@code high} and {@code low}, and more go to the JDK's parser.
	 */
	private Object parseWide(byte[] data, int offset, int length, int digitsStart, boolean negative) {
		long high = 0;
		long low = 0;
		int lowDigits = 0;
		boolean split = false;
		int scale = 0;
		boolean point = false;
		for (int p = digitsStart; p < offset + length; p++) {
			if (data[p] == '.' && !point) {
				point = true;
				continue;
			}
			int digit = Bytes.digit(data[p]);
			if (digit < 0 || digit > 9) {
				return parseSlowly(data, offset, length);
			}
			if (point) {
				scale++;
			}
			if (digit == 0 && lowDigits == 0 && !split) {
				// a leading zero is not significant
				continue;
			}
			if (lowDigits == 18) {
				if (split) {
					return parseSlowly(data, offset, length);
				}
				high = low;
				low = 0;
				lowDigits = 0;
				split = true;
			}
			low = low * 10 + digit;
			lowDigits++;
		}
		return split ? wide(negative, high, low, lowDigits, scale)
				: BigDecimal.valueOf(negative ? -low : low, scale);
	}

	/**
	 * Returns {@code ±(high * 10^lowDigits + low) * 10^-scale}, with {@code high} and {@code low}
	 * below 10^18: the 128-bit unscaled value is computed and handed to {@link BigInteger} as bytes,
	 * which costs a fraction of parsing the digits again.
	 */
	private static BigDecimal wide(boolean negative, long high, long low, int lowDigits, int scale) {
		long factor = POWERS_OF_TEN[lowDigits];
		long upper = Math.multiplyHigh(high, factor);
		long lower = high * factor;
		long sum = lower + low;
		if (Long.compareUnsigned(sum, lower) < 0) {
			upper++;
		}
		if (upper == 0 && sum >= 0) {
			return BigDecimal.valueOf(negative ? -sum : sum, scale);
		}
		byte[] magnitude = new byte[16];
		Bytes.writeLong(magnitude, 0, upper);
		Bytes.writeLong(magnitude, 8, sum);
		return new BigDecimal(new BigInteger(negative ? -1 : 1, magnitude), scale);
	}

	private Object special(byte[] data, int offset, int length) {
		if (Bytes.equalsAscii(data, offset, length, "NaN")) {
			return Double.NaN;
		}
		if (Bytes.equalsAscii(data, offset, length, "Infinity")) {
			return Double.POSITIVE_INFINITY;
		}
		if (Bytes.equalsAscii(data, offset, length, "-Infinity")) {
			return Double.NEGATIVE_INFINITY;
		}
		throw textError("is not a number");
	}

	private Object parseSlowly(byte[] data, int offset, int length) {
		try {
			return new BigDecimal(Bytes.asciiChars(data, offset, length));
		}
		catch (NumberFormatException ex) {
			throw textError("is not a number", ex);
		}
	}

	@Override
	Object binary(byte[] data, int offset, int length) {
		if (length < 8) {
			throw binaryError("has " + length + " bytes, fewer than the 8 of its header");
		}
		int ndigits = Bytes.readUnsignedShort(data, offset);
		int weight = Bytes.readShort(data, offset + 2);
		int sign = Bytes.readUnsignedShort(data, offset + 4);
		int dscale = Bytes.readUnsignedShort(data, offset + 6);
		if (length != 8 + 2 * ndigits) {
			throw binaryError("has " + length + " bytes, but its header announces " + ndigits + " digits");
		}
		switch (sign) {
			case POSITIVE:
			case NEGATIVE:
				break;
			case NAN:
				return Double.NaN;
			case POSITIVE_INFINITY:
				return Double.POSITIVE_INFINITY;
			case NEGATIVE_INFINITY:
				return Double.NEGATIVE_INFINITY;
			default:
				throw binaryError("has an invalid sign 0x" + Integer.toHexString(sign));
		}
		if ((dscale & DSCALE_MASK) != dscale) {
			throw binaryError("has an invalid display scale " + dscale);
		}
		if (ndigits == 0) {
			return BigDecimal.valueOf(0, dscale);
		}
		// the digits read as one integer D; the value is D * 10^-integerScale
		int integerScale = 4 * (ndigits - 1 - weight);
		BigDecimal value = (ndigits <= 4) ? small(data, offset + 8, ndigits, integerScale, dscale)
				: large(data, offset + 8, ndigits, integerScale, dscale);
		return (sign == NEGATIVE) ? value.negate() : value;
	}

	/**
	 * Up to four base-10000 digits (16 decimal digits) fit a long.
	 */
	private BigDecimal small(byte[] data, int p, int ndigits, int integerScale, int dscale) {
		long integer = 0;
		for (int i = 0; i < ndigits; i++) {
			integer = integer * NBASE + digit(data, p + 2 * i);
		}
		int shift = dscale - integerScale;
		if (shift >= 0) {
			if (shift < POWERS_OF_TEN.length && integer <= Long.MAX_VALUE / POWERS_OF_TEN[shift]) {
				return BigDecimal.valueOf(integer * POWERS_OF_TEN[shift], dscale);
			}
			return BigDecimal.valueOf(integer, integerScale).setScale(dscale);
		}
		// digits past the display scale are zero on the server, and its output function drops them
		return BigDecimal.valueOf((-shift < POWERS_OF_TEN.length) ? integer / POWERS_OF_TEN[-shift] : 0, dscale);
	}

	private BigDecimal large(byte[] data, int p, int ndigits, int integerScale, int dscale) {
		char[] decimal = new char[4 * ndigits];
		for (int i = 0; i < ndigits; i++) {
			int digit = digit(data, p + 2 * i);
			decimal[4 * i] = (char) ('0' + digit / 1000);
			decimal[4 * i + 1] = (char) ('0' + digit / 100 % 10);
			decimal[4 * i + 2] = (char) ('0' + digit / 10 % 10);
			decimal[4 * i + 3] = (char) ('0' + digit % 10);
		}
		BigDecimal integer = new BigDecimal(decimal);
		return new BigDecimal(integer.unscaledValue(), integerScale).setScale(dscale, RoundingMode.DOWN);
	}

	private int digit(byte[] data, int p) {
		int digit = Bytes.readShort(data, p);
		if (digit < 0 || digit >= NBASE) {
			throw binaryError("has an invalid base-10000 digit " + digit);
		}
		return digit;
	}

}
