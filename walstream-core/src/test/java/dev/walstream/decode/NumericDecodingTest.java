package dev.walstream.decode;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.walstream.decode.DecodingSupport.binary;
import static dev.walstream.decode.DecodingSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for decoding {@code numeric}; the binary values were produced by PostgreSQL's
 * {@code numeric_send}.
 */
class NumericDecodingTest {

	@ParameterizedTest
	@CsvSource({ "0, 0000000000000000", "0.000, 0000000000000003", "-12.3400, 0002000040000004000c0d48",
			"123456789.0123456789, 000600020000000a000109291a85007b11d722c4",
			"0.00000000000000000001, 0001fffb000000140001",
			"12345678901234567890123456789, 0008000700000000000109291a85007b11d722c509291a85",
			"0.0001, 0001ffff000000040001", "10000, 00010001000000000001", "-0.5, 0001ffff400000011388" })
	void decodeBinaryNumericShouldMatchTheServersText(String expected, String hex) {
		Object value = binary(PgTypeOids.NUMERIC, hex);
		assertThat(value).isInstanceOf(BigDecimal.class);
		assertThat(((BigDecimal) value).toPlainString()).isEqualTo(expected);
		assertThat(value).isEqualTo(new BigDecimal(expected));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "0.000", "-12.3400", "123456789.0123456789", "0.00000000000000000001",
			"12345678901234567890123456789", "-999999999999999999", "999999999999999999.9", "0.5", "-0.0" })
	void decodeTextNumericShouldKeepTheScale(String text) {
		Object value = text(PgTypeOids.NUMERIC, text);
		assertThat(value).isEqualTo(new BigDecimal(text));
	}

	@Test
	void decodeTextNumericWhenNegativeWithScaleShouldKeepSignAndScale() {
		assertThat(text(PgTypeOids.NUMERIC, "-12.3400")).isEqualTo(BigDecimal.valueOf(-123400, 4));
	}

	@Test
	void decodeTextNumericWhenHugeShouldReturnExactBigDecimal() {
		String huge = "9".repeat(1000) + "." + "1".repeat(500);
		assertThat(text(PgTypeOids.NUMERIC, huge)).isEqualTo(new BigDecimal(huge));
	}

	@Test
	void decodeTextNumericWhenNaNOrInfiniteShouldReturnDoubleConstants() {
		assertThat(text(PgTypeOids.NUMERIC, "NaN")).isEqualTo(Double.NaN);
		assertThat(text(PgTypeOids.NUMERIC, "Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
		assertThat(text(PgTypeOids.NUMERIC, "-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
	}

	@Test
	void decodeBinaryNumericWhenNaNShouldReturnDoubleNaN() {
		assertThat(binary(PgTypeOids.NUMERIC, "00000000c0000000")).isEqualTo(Double.NaN);
	}

	@Test
	void decodeBinaryNumericWhenInfiniteShouldReturnDoubleInfinities() {
		assertThat(binary(PgTypeOids.NUMERIC, "00000000d0000020")).isEqualTo(Double.POSITIVE_INFINITY);
		assertThat(binary(PgTypeOids.NUMERIC, "00000000f0000020")).isEqualTo(Double.NEGATIVE_INFINITY);
	}

	@Test
	void decodeBinaryNumericWhenDigitsBeyondDisplayScaleShouldTruncateAsTheServerPrints() {
		// 1.23456 with display scale 2: the server's output function prints 1.23
		assertThat(binary(PgTypeOids.NUMERIC, "0003 0000 0000 0002 0001 0929 1770")).isEqualTo(new BigDecimal("1.23"));
	}

	@Test
	void decodeBinaryNumericWhenDisplayScaleExceedsDigitsShouldPad() {
		// 1 with display scale 30
		assertThat(binary(PgTypeOids.NUMERIC, "0001 0000 0000 001e 0001"))
			.isEqualTo(new BigDecimal("1." + "0".repeat(30)));
	}

	@Test
	void decodeBinaryNumericWhenWeightIsExtremeShouldReturnExactValue() {
		// 1 * 10000^32767 and 1 * 10000^-32768
		BigDecimal huge = (BigDecimal) binary(PgTypeOids.NUMERIC, "0001 7fff 0000 0000 0001");
		assertThat(huge.scale()).isZero();
		assertThat(huge.compareTo(BigDecimal.ONE.scaleByPowerOfTen(131068))).isZero();
		Object tiny = binary(PgTypeOids.NUMERIC, "0001 8000 0000 3fff 0001");
		assertThat(tiny).isEqualTo(BigDecimal.valueOf(0, 16383));
	}

	@Test
	void decodeBinaryNumericWhenShorterThanHeaderShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.NUMERIC, "00010000000000"))
			.withMessage("Cannot decode numeric: binary value has 7 bytes, fewer than the 8 of its header");
	}

	@Test
	void decodeBinaryNumericWhenDigitCountDisagreesWithLengthShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.NUMERIC, "0003 0000 0000 0000 0001 0002"))
			.withMessage("Cannot decode numeric: binary value has 12 bytes, but its header announces 3 digits");
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.NUMERIC, "ffff 0000 0000 0000 0001"));
	}

	@Test
	void decodeBinaryNumericWhenDigitIsNotBase10000ShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.NUMERIC, "0001 0000 0000 0000 2710"))
			.withMessage("Cannot decode numeric: binary value has an invalid base-10000 digit 10000");
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.NUMERIC, "0005 0000 0000 0000 0001 0001 0001 0001 ffff"));
	}

	@Test
	void decodeBinaryNumericWhenSignOrScaleIsInvalidShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.NUMERIC, "0000 0000 1234 0000"))
			.withMessage("Cannot decode numeric: binary value has an invalid sign 0x1234");
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.NUMERIC, "0000 0000 0000 4000"))
			.withMessage("Cannot decode numeric: binary value has an invalid display scale 16384");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "-", ".", "1.2.3", "NaNa", "Inf", "12a", "--1", "1234567890123456789.1.2",
			"12345678901234567890x", "1234567890123456789-" })
	void decodeTextNumericWhenMalformedShouldThrow(String text) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.NUMERIC, text))
			.withMessageStartingWith("Cannot decode numeric: text value ");
	}

}
