package dev.walstream.decode;

import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.walstream.decode.DecodingSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The hand-written text parsers against the JDK's, over seeded random values and edge cases:
 * {@code numeric} against {@link BigDecimal#BigDecimal(String)}, {@code float4}/{@code float8}
 * against {@link Float#parseFloat}/{@link Double#parseDouble} (bit for bit), {@code uuid} against
 * {@link UUID#fromString}, {@code bytea} against {@link HexFormat}.
 */
class FastPathReferenceTest {

	private static final int VALUES_PER_SEED = 20_000;

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3 })
	void decodeTextNumericShouldEqualBigDecimalOfTheText(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED; i++) {
			String value = randomDecimal(random, (i % 100 == 0) ? 1000 : 45);
			assertThat(text(PgTypeOids.NUMERIC, value)).as(value).isEqualTo(new BigDecimal(value));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-0", "0.000", "00000000000000000000000000000000000001", "999999999999999999",
			"1000000000000000000", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
			"18446744073709551615", "18446744073709551616", "99999999999999999999999999999999999999",
			"-99999999999999999999999999999999999999", "100000000000000000000000000000000000000",
			"170141183460469231731687303715884105727", "170141183460469231731687303715884105728",
			"0.12500000000000000000", "142857.14285714285714", "-0.000000000000000000000000000000000001",
			"123456789012345678.123456789012345678", "1e5", "+1.5", "1234567890123456789e5",
			"-000000000000000000000.000000000000000000000" })
	void decodeTextNumericWhenEdgeCaseShouldEqualBigDecimalOfTheText(String value) {
		assertThat(text(PgTypeOids.NUMERIC, value)).isEqualTo(new BigDecimal(value));
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3 })
	void decodeTextFloatsShouldEqualTheJdksParsers(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED; i++) {
			String value = switch (i % 4) {
				case 0 -> Float.toString(Float.intBitsToFloat(random.nextInt()));
				case 1 -> Double.toString(Double.longBitsToDouble(random.nextLong()));
				case 2 -> shortDecimal(random);
				default -> Float.toString(random.nextInt(1 << 20) / (float) (1 << random.nextInt(24)));
			};
			assertFloatsEqualJdk(value);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-0", "0.0", "-0.0", "NaN", "Infinity", "-Infinity", "16777217", "16777219",
			"-16777217", "33554434", "3.4028235e38", "3.4028236e38", "1.4e-45", "1.17549435e-38", "1e-22", "1e22",
			"1e23", "123456789012345", "1234567890123456", "9007199254740993", "0.1", "0.30000000000000004",
			"1.00000005960464477539062", "1.0000000596046448", "2.2250738585072014E-308", "4.9e-324",
			"1.7976931348623157e308", "+1.5e+3", "5e-1", ".5", "5." })
	void decodeTextFloatsWhenEdgeCaseShouldEqualTheJdksParsers(String value) {
		assertFloatsEqualJdk(value);
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3 })
	void decodeTextUuidShouldEqualUuidFromString(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED; i++) {
			String value = new UUID(random.nextLong(), random.nextLong()).toString();
			if (random.nextBoolean()) {
				value = value.toUpperCase(Locale.ROOT);
			}
			assertThat(text(PgTypeOids.UUID, value)).as(value).isEqualTo(UUID.fromString(value));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "g0000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-00000000000/",
			"00000000-0000-0000-:000-000000000000", "00000000-0000-0000-0000-0000000000G0" })
	void decodeTextUuidWhenNotHexShouldThrow(String value) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.UUID, value))
			.withMessage("Cannot decode uuid: text value has a character that is not a hex digit");
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3 })
	void decodeTextByteaShouldEqualTheHexDigitsBytes(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED / 10; i++) {
			byte[] bytes = new byte[random.nextInt(64)];
			random.nextBytes(bytes);
			HexFormat format = random.nextBoolean() ? HexFormat.of() : HexFormat.of().withUpperCase();
			assertThat(text(PgTypeOids.BYTEA, "\\x" + format.formatHex(bytes))).isEqualTo(bytes);
		}
	}

	private static void assertFloatsEqualJdk(String value) {
		assertThat(Float.floatToRawIntBits((Float) text(PgTypeOids.FLOAT4, value))).as(value)
			.isEqualTo(Float.floatToRawIntBits(Float.parseFloat(value)));
		assertThat(Double.doubleToRawLongBits((Double) text(PgTypeOids.FLOAT8, value))).as(value)
			.isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(value)));
	}

	/**
	 * A plain decimal of 1 to {@code maxDigits} digits, often with leading zeros, a sign or a
	 * point anywhere.
	 */
	private static String randomDecimal(SplittableRandom random, int maxDigits) {
		int digits = 1 + random.nextInt(maxDigits);
		StringBuilder sb = new StringBuilder(digits + 2);
		int zeros = random.nextInt(4) == 0 ? random.nextInt(digits) : 0;
		for (int i = 0; i < digits; i++) {
			sb.append((i < zeros) ? '0' : (char) ('0' + random.nextInt(10)));
		}
		if (random.nextBoolean()) {
			sb.insert(random.nextInt(digits), '.');
			if (sb.charAt(0) == '.') {
				sb.insert(0, '0');
			}
		}
		if (random.nextInt(3) == 0) {
			sb.insert(0, '-');
		}
		return sb.toString();
	}

	/** Up to 17 significant digits and an exponent around the fast path's limit of 22. */
	private static String shortDecimal(SplittableRandom random) {
		String mantissa = randomDecimal(random, 17);
		return random.nextBoolean() ? mantissa : mantissa + "e" + random.nextInt(-45, 46);
	}

}
