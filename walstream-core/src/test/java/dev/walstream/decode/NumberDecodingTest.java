package dev.walstream.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.walstream.decode.DecodingSupport.binary;
import static dev.walstream.decode.DecodingSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for decoding {@code int2, int4, int8, oid, bool, float4, float8} and {@code pg_lsn}.
 */
class NumberDecodingTest {

	@Test
	void decodeTextInt2ShouldReturnShort() {
		assertThat(text(PgTypeOids.INT2, "-32768")).isEqualTo((short) -32768);
		assertThat(text(PgTypeOids.INT2, "32767")).isEqualTo((short) 32767);
		assertThat(text(PgTypeOids.INT2, "0")).isEqualTo((short) 0);
	}

	@Test
	void decodeTextInt4ShouldReturnInteger() {
		assertThat(text(PgTypeOids.INT4, "-2147483648")).isEqualTo(Integer.MIN_VALUE);
		assertThat(text(PgTypeOids.INT4, "2147483647")).isEqualTo(Integer.MAX_VALUE);
		assertThat(text(PgTypeOids.INT4, "42")).isEqualTo(42);
		assertThat(text(PgTypeOids.INT4, "+7")).isEqualTo(7);
	}

	@Test
	void decodeTextInt8ShouldReturnLong() {
		assertThat(text(PgTypeOids.INT8, "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
		assertThat(text(PgTypeOids.INT8, "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
		assertThat(text(PgTypeOids.INT8, "-1")).isEqualTo(-1L);
	}

	@Test
	void decodeTextOidShouldReturnUnsignedLong() {
		assertThat(text(PgTypeOids.OID, "4294967295")).isEqualTo(4294967295L);
		assertThat(text(PgTypeOids.OID, "16384")).isEqualTo(16384L);
	}

	@ParameterizedTest
	@ValueSource(strings = { "32768", "-32769", "99999999999999999999" })
	void decodeTextInt2WhenOutOfRangeShouldThrow(String value) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.INT2, value))
			.withMessage("Cannot decode int2: text value is out of range")
			.satisfies((ex) -> assertThat(ex.getTypeName()).isEqualTo("int2"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2147483648", "-2147483649" })
	void decodeTextInt4WhenOutOfRangeShouldThrow(String value) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.INT4, value))
			.withMessageContaining("out of range");
	}

	@ParameterizedTest
	@ValueSource(strings = { "9223372036854775808", "-9223372036854775809" })
	void decodeTextInt8WhenOutOfRangeShouldThrow(String value) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.INT8, value))
			.withMessageContaining("out of range");
	}

	@ParameterizedTest
	@ValueSource(strings = { "-1", "4294967296" })
	void decodeTextOidWhenOutOfRangeShouldThrow(String value) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.OID, value))
			.withMessageContaining("out of range");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "-", "+", "1a", " 1", "1.0", "١" })
	void decodeTextInt4WhenNotAnIntegerShouldThrow(String value) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.INT4, value))
			.withMessageStartingWith("Cannot decode int4: text value ");
	}

	@Test
	void decodeBinaryIntegersShouldReadBigEndian() {
		assertThat(binary(PgTypeOids.INT2, "8000")).isEqualTo(Short.MIN_VALUE);
		assertThat(binary(PgTypeOids.INT2, "0102")).isEqualTo((short) 258);
		assertThat(binary(PgTypeOids.INT4, "fffffffe")).isEqualTo(-2);
		assertThat(binary(PgTypeOids.INT4, "7fffffff")).isEqualTo(Integer.MAX_VALUE);
		assertThat(binary(PgTypeOids.INT8, "8000000000000000")).isEqualTo(Long.MIN_VALUE);
		assertThat(binary(PgTypeOids.INT8, "0000000100000002")).isEqualTo(4294967298L);
		assertThat(binary(PgTypeOids.OID, "ffffffff")).isEqualTo(4294967295L);
	}

	@Test
	void decodeBinaryInt4WhenLengthIsThreeShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> binary(PgTypeOids.INT4, "000001"))
			.withMessage("Cannot decode int4: binary value has 3 bytes, expected 4");
	}

	@Test
	void decodeBinaryIntegersWhenLengthIsWrongShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> binary(PgTypeOids.INT2, "00"));
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INT8, "00000000000000"));
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> binary(PgTypeOids.OID, ""));
	}

	@Test
	void decodeBoolShouldReturnBoolean() {
		assertThat(text(PgTypeOids.BOOL, "t")).isEqualTo(true);
		assertThat(text(PgTypeOids.BOOL, "f")).isEqualTo(false);
		assertThat(text(PgTypeOids.BOOL, "true")).isEqualTo(true);
		assertThat(binary(PgTypeOids.BOOL, "01")).isEqualTo(true);
		assertThat(binary(PgTypeOids.BOOL, "00")).isEqualTo(false);
		assertThat(binary(PgTypeOids.BOOL, "02")).isEqualTo(true);
	}

	@Test
	void decodeBoolWhenMalformedShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.BOOL, "x"))
			.withMessage("Cannot decode bool: text value is neither t nor f");
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.BOOL, ""));
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> binary(PgTypeOids.BOOL, "0000"));
	}

	@Test
	void decodeTextFloat8ShouldReturnDouble() {
		assertThat(text(PgTypeOids.FLOAT8, "1.5")).isEqualTo(1.5);
		assertThat(text(PgTypeOids.FLOAT8, "1e+30")).isEqualTo(1e30);
		assertThat(text(PgTypeOids.FLOAT8, "1.234e-05")).isEqualTo(1.234e-5);
		assertThat(text(PgTypeOids.FLOAT8, "1e-300")).isEqualTo(1e-300);
		assertThat(text(PgTypeOids.FLOAT8, "1.2345678901234568e+17")).isEqualTo(1.2345678901234568e17);
		assertThat(text(PgTypeOids.FLOAT8, "4.9e-324")).isEqualTo(Double.MIN_VALUE);
		assertThat(text(PgTypeOids.FLOAT8, "1.7976931348623157e+308")).isEqualTo(Double.MAX_VALUE);
		assertThat(text(PgTypeOids.FLOAT8, "0.1")).isEqualTo(0.1);
		assertThat(text(PgTypeOids.FLOAT8, "-0.30000000000000004")).isEqualTo(-0.30000000000000004);
	}

	@Test
	void decodeTextFloat8WhenSpecialShouldReturnNaNAndInfinities() {
		assertThat(text(PgTypeOids.FLOAT8, "NaN")).isEqualTo(Double.NaN);
		assertThat(text(PgTypeOids.FLOAT8, "Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
		assertThat(text(PgTypeOids.FLOAT8, "-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
	}

	@Test
	void decodeTextFloat8WhenNegativeZeroShouldKeepTheSign() {
		assertThat((double) text(PgTypeOids.FLOAT8, "-0")).isEqualTo(-0.0).matches((d) -> 1 / d < 0);
		assertThat((float) text(PgTypeOids.FLOAT4, "-0")).matches((f) -> 1 / f < 0);
	}

	@Test
	void decodeTextFloat4ShouldReturnFloat() {
		assertThat(text(PgTypeOids.FLOAT4, "3.14")).isEqualTo(3.14f);
		assertThat(text(PgTypeOids.FLOAT4, "1e+30")).isEqualTo(1e30f);
		assertThat(text(PgTypeOids.FLOAT4, "3.4028235e+38")).isEqualTo(Float.MAX_VALUE);
		assertThat(text(PgTypeOids.FLOAT4, "1e-45")).isEqualTo(Float.MIN_VALUE);
		assertThat(text(PgTypeOids.FLOAT4, "NaN")).isEqualTo(Float.NaN);
		assertThat(text(PgTypeOids.FLOAT4, "-Infinity")).isEqualTo(Float.NEGATIVE_INFINITY);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", ".", "-", "1e", "1.2.3", "abc", "1e+" })
	void decodeTextFloat8WhenNotANumberShouldThrow(String value) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.FLOAT8, value))
			.withMessage("Cannot decode float8: text value is not a number");
	}

	@Test
	void decodeBinaryFloatsShouldReadIeeeBits() {
		assertThat(binary(PgTypeOids.FLOAT8, "3ff8000000000000")).isEqualTo(1.5);
		assertThat(binary(PgTypeOids.FLOAT8, "7ff8000000000000")).isEqualTo(Double.NaN);
		assertThat(binary(PgTypeOids.FLOAT8, "fff0000000000000")).isEqualTo(Double.NEGATIVE_INFINITY);
		assertThat(binary(PgTypeOids.FLOAT4, "4048f5c3")).isEqualTo(3.14f);
		assertThat(binary(PgTypeOids.FLOAT4, "7f800000")).isEqualTo(Float.POSITIVE_INFINITY);
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> binary(PgTypeOids.FLOAT8, "4048f5c3"))
			.withMessage("Cannot decode float8: binary value has 4 bytes, expected 8");
	}

	@Test
	void decodePgLsnShouldReturnTheServersText() {
		assertThat(text(PgTypeOids.PG_LSN, "16/B374D848")).isEqualTo("16/B374D848");
		assertThat(binary(PgTypeOids.PG_LSN, "00000016b374d848")).isEqualTo("16/B374D848");
		assertThat(binary(PgTypeOids.PG_LSN, "0000000000000000")).isEqualTo("0/0");
	}

}
