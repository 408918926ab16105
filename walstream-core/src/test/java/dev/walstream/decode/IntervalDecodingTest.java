package dev.walstream.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

import static dev.walstream.decode.DecodingSupport.binary;
import static dev.walstream.decode.DecodingSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for decoding {@code interval}; the pairs of text and binary values were printed and sent
 * by the same server.
 */
class IntervalDecodingTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"1 year 2 mons 3 days 04:05:06.789 | 000000036c97ca88000000030000000e | 1 | 2 | 3 | 4 | 5 | 6.789",
			"-1 years -2 mons +3 days -04:05:06 | fffffffc93743f8000000003fffffff2 | -1 | -2 | 3 | -4 | -5 | -6",
			"-00:00:00.5 | fffffffffff85ee00000000000000000 | 0 | 0 | 0 | 0 | 0 | -0.5",
			"00:00:00 | 00000000000000000000000000000000 | 0 | 0 | 0 | 0 | 0 | 0",
			"-1 years -2 mons | 000000000000000000000000fffffff2 | -1 | -2 | 0 | 0 | 0 | 0" })
	void decodeIntervalShouldAgreeInBothFormats(String text, String hex, int years, int months, int days, int hours,
			int minutes, double seconds) {
		PGInterval expected = new PGInterval(years, months, days, hours, minutes, seconds);
		assertThat(text(PgTypeOids.INTERVAL, text)).isEqualTo(expected);
		assertThat(binary(PgTypeOids.INTERVAL, hex)).isEqualTo(expected);
	}

	@Test
	void decodeBinaryIntervalWhenManyHoursShouldKeepThemAsHours() {
		// 100 hours stay 100 hours: an interval's time part is not folded into days
		PGInterval value = (PGInterval) binary(PgTypeOids.INTERVAL, "00000053d1ac1000 00000000 00000000");
		assertThat(value.getHours()).isEqualTo(100);
		assertThat(value.getDays()).isZero();
	}

	@Test
	void decodeBinaryIntervalWhenMicrosecondsShouldBeExact() {
		// 1 microsecond and 59.999999 seconds
		assertThat(((PGInterval) binary(PgTypeOids.INTERVAL, "0000000000000001 00000000 00000000")).getMicroSeconds())
			.isEqualTo(1);
		PGInterval value = (PGInterval) binary(PgTypeOids.INTERVAL, "00000000039386ff 00000000 00000000");
		assertThat(value.getWholeSeconds()).isEqualTo(59);
		assertThat(value.getMicroSeconds()).isEqualTo(999999);
	}

	@Test
	void decodeIntervalWhenInfiniteShouldReturnPGobject() {
		assertThat(text(PgTypeOids.INTERVAL, "infinity")).isInstanceOf(PGobject.class)
			.isNotInstanceOf(PGInterval.class)
			.satisfies((value) -> assertThat(((PGobject) value).getValue()).isEqualTo("infinity"));
		assertThat(text(PgTypeOids.INTERVAL, "-infinity"))
			.satisfies((value) -> assertThat(((PGobject) value).getValue()).isEqualTo("-infinity"));
		assertThat(binary(PgTypeOids.INTERVAL, "7fffffffffffffff 7fffffff 7fffffff"))
			.satisfies((value) -> assertThat(((PGobject) value).getValue()).isEqualTo("infinity"));
		assertThat(binary(PgTypeOids.INTERVAL, "8000000000000000 80000000 80000000"))
			.satisfies((value) -> assertThat(((PGobject) value).getValue()).isEqualTo("-infinity"));
	}

	@Test
	void decodeBinaryIntervalWhenHoursExceedAnIntShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INTERVAL, "7fffffffffffffff 00000000 00000000"))
			.withMessage("Cannot decode interval: binary value has 2562047788 hours, more than PGInterval holds");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0000000000000000000000000000", "000000000000000000000000000000000000" })
	void decodeBinaryIntervalWhenLengthIsWrongShouldThrow(String hex) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> binary(PgTypeOids.INTERVAL, hex))
			.withMessageStartingWith("Cannot decode interval: binary value has ");
	}

	@Test
	void decodeTextIntervalWhenMalformedShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> text(PgTypeOids.INTERVAL, "x years"))
			.withMessage("Cannot decode interval: text value is not an interval");
	}

}
