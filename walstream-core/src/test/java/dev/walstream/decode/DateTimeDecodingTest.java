package dev.walstream.decode;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.walstream.decode.DecodingSupport.binary;
import static dev.walstream.decode.DecodingSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for decoding {@code date, time, timetz, timestamp, timestamptz}; text values as the
 * server prints them with {@code DateStyle=ISO}, binary values from its send functions.
 */
class DateTimeDecodingTest {

	@ParameterizedTest
	@CsvSource({ "2000-01-01, 00000000, 2000-01-01", "1970-01-01, ffffd533, 1970-01-01",
			"0044-03-15 BC, fff49d7b, -0043-03-15", "5874897-12-31, 7fda970c, +5874897-12-31",
			"4713-01-01 BC, ffda97cd, -4712-01-01" })
	void decodeDateShouldAgreeInBothFormats(String text, String hex, LocalDate expected) {
		assertThat(text(PgTypeOids.DATE, text)).isEqualTo(expected);
		assertThat(binary(PgTypeOids.DATE, hex)).isEqualTo(expected);
	}

	@Test
	void decodeDateWhenLeapDayShouldReturnIt() {
		assertThat(text(PgTypeOids.DATE, "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
		assertThat(text(PgTypeOids.DATE, "0001-02-29 BC")).isEqualTo(LocalDate.of(0, 2, 29));
	}

	@Test
	void decodeDateWhenInfiniteShouldReturnMaxAndMin() {
		assertThat(text(PgTypeOids.DATE, "infinity")).isEqualTo(LocalDate.MAX);
		assertThat(text(PgTypeOids.DATE, "-infinity")).isEqualTo(LocalDate.MIN);
		assertThat(binary(PgTypeOids.DATE, "7fffffff")).isEqualTo(LocalDate.MAX);
		assertThat(binary(PgTypeOids.DATE, "80000000")).isEqualTo(LocalDate.MIN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "2023-02-29", "2023-13-01", "2023-00-10", "2023-01-32", "2023-1-01", "20230101",
			"2023-01-01 AD", "0000-01-01", "2023-01-01x", "Infinity", "-2023-01-01", "1234567890-01-01" })
	void decodeTextDateWhenMalformedShouldThrow(String text) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.DATE, text))
			.withMessageStartingWith("Cannot decode date: text value ");
	}

	@Test
	void decodeBinaryDateWhenLengthIsWrongShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> binary(PgTypeOids.DATE, "000000"))
			.withMessage("Cannot decode date: binary value has 3 bytes, expected 4");
	}

	@ParameterizedTest
	@CsvSource({ "2000-01-01 00:00:00, 0000000000000000, 2000-01-01T00:00:00",
			"1999-12-31 23:59:59.999999, ffffffffffffffff, 1999-12-31T23:59:59.999999",
			"0044-03-15 12:00:00 BC, ff1af9e8fb46d000, -0043-03-15T12:00:00",
			"294276-12-31 23:59:59.999999, 7fffff5bb3b29fff, +294276-12-31T23:59:59.999999",
			"4713-01-01 00:00:00 BC, fd0f7fbdaf17e000, -4712-01-01T00:00:00" })
	void decodeTimestampShouldAgreeInBothFormats(String text, String hex, LocalDateTime expected) {
		assertThat(text(PgTypeOids.TIMESTAMP, text)).isEqualTo(expected);
		assertThat(binary(PgTypeOids.TIMESTAMP, hex)).isEqualTo(expected);
	}

	@Test
	void decodeTextTimestampShouldReadFractionsToMicrosecondsAndBeyond() {
		assertThat(text(PgTypeOids.TIMESTAMP, "2024-02-29 13:45:07.5"))
			.isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 45, 7, 500_000_000));
		assertThat(text(PgTypeOids.TIMESTAMP, "2024-02-29 13:45:07.000001"))
			.isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 45, 7, 1000));
		assertThat(text(PgTypeOids.TIMESTAMP, "2024-02-29 13:45:07.123456789"))
			.isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 45, 7, 123456789));
	}

	@Test
	void decodeTimestampWhenInfiniteShouldReturnMaxAndMin() {
		assertThat(text(PgTypeOids.TIMESTAMP, "infinity")).isEqualTo(LocalDateTime.MAX);
		assertThat(text(PgTypeOids.TIMESTAMP, "-infinity")).isEqualTo(LocalDateTime.MIN);
		assertThat(binary(PgTypeOids.TIMESTAMP, "7fffffffffffffff")).isEqualTo(LocalDateTime.MAX);
		assertThat(binary(PgTypeOids.TIMESTAMP, "8000000000000000")).isEqualTo(LocalDateTime.MIN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "2024-02-29", "2024-02-29T13:45:07", "2024-02-29 24:00:00", "2024-02-29 13:60:00",
			"2024-02-29 13:45:60", "2024-02-29 13:45:07.", "2024-02-29 13:45:07.1234567890", "2024-02-29 13:45",
			"2024-02-29 13:45:07+00", "2024-02-29 1:45:07" })
	void decodeTextTimestampWhenMalformedShouldThrow(String text) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.TIMESTAMP, text))
			.withMessageStartingWith("Cannot decode timestamp: text value ");
	}

	@Test
	void decodeTimestamptzShouldNormalizeToUtc() {
		OffsetDateTime expected = OffsetDateTime.of(2020, 6, 1, 12, 34, 56, 500_000_000, ZoneOffset.UTC);
		assertThat(text(PgTypeOids.TIMESTAMPTZ, "2020-06-01 14:34:56.5+02")).isEqualTo(expected);
		assertThat(text(PgTypeOids.TIMESTAMPTZ, "2020-06-01 18:04:56.5+05:30")).isEqualTo(expected);
		assertThat(text(PgTypeOids.TIMESTAMPTZ, "2020-06-01 12:34:56.5+00")).isEqualTo(expected);
		assertThat(text(PgTypeOids.TIMESTAMPTZ, "2020-06-01 02:34:56.5-10")).isEqualTo(expected);
		assertThat(binary(PgTypeOids.TIMESTAMPTZ, "00024a03ca851d20")).isEqualTo(expected);
	}

	@Test
	void decodeTextTimestamptzWhenOffsetHasSecondsShouldApplyThem() {
		// Sao Paulo's local mean time, as the server prints 1900-01-01 00:00:00+00 in that zone
		assertThat(text(PgTypeOids.TIMESTAMPTZ, "1899-12-31 20:53:32-03:06:28"))
			.isEqualTo(OffsetDateTime.of(1900, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
		// Berlin's local mean time
		assertThat(text(PgTypeOids.TIMESTAMPTZ, "1800-01-01 00:53:28+00:53:28"))
			.isEqualTo(OffsetDateTime.of(1800, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
	}

	@Test
	void decodeTextTimestamptzWhenBeforeCommonEraShouldReturnProlepticYear() {
		assertThat(text(PgTypeOids.TIMESTAMPTZ, "0044-03-15 12:53:28+00:53:28 BC"))
			.isEqualTo(OffsetDateTime.of(-43, 3, 15, 12, 0, 0, 0, ZoneOffset.UTC));
		assertThat(text(PgTypeOids.TIMESTAMPTZ, "0001-01-01 00:30:00+01 BC"))
			.isEqualTo(OffsetDateTime.of(-1, 12, 31, 23, 30, 0, 0, ZoneOffset.UTC));
	}

	@Test
	void decodeTextTimestamptzWhenOffsetCrossesTheDateShouldMoveTheDate() {
		assertThat(text(PgTypeOids.TIMESTAMPTZ, "2024-03-01 00:30:00+01"))
			.isEqualTo(OffsetDateTime.of(2024, 2, 29, 23, 30, 0, 0, ZoneOffset.UTC));
		assertThat(text(PgTypeOids.TIMESTAMPTZ, "2023-12-31 23:30:00-01"))
			.isEqualTo(OffsetDateTime.of(2024, 1, 1, 0, 30, 0, 0, ZoneOffset.UTC));
	}

	@Test
	void decodeTimestamptzWhenInfiniteShouldReturnMaxAndMin() {
		assertThat(text(PgTypeOids.TIMESTAMPTZ, "infinity")).isEqualTo(OffsetDateTime.MAX);
		assertThat(text(PgTypeOids.TIMESTAMPTZ, "-infinity")).isEqualTo(OffsetDateTime.MIN);
		assertThat(binary(PgTypeOids.TIMESTAMPTZ, "7fffffffffffffff")).isEqualTo(OffsetDateTime.MAX);
		assertThat(binary(PgTypeOids.TIMESTAMPTZ, "8000000000000000")).isEqualTo(OffsetDateTime.MIN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "2020-06-01 12:34:56", "2020-06-01 12:34:56+", "2020-06-01 12:34:56+1",
			"2020-06-01 12:34:56+01:", "2020-06-01 12:34:56Z", "2020-06-01 12:34:56+01:00:00:00" })
	void decodeTextTimestamptzWhenOffsetIsMalformedShouldThrow(String text) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.TIMESTAMPTZ, text))
			.withMessageStartingWith("Cannot decode timestamptz: text value ");
	}

	@ParameterizedTest
	@CsvSource({ "12:34:56.789, 0000000a8be62608, 12:34:56.789", "00:00:00, 0000000000000000, 00:00:00",
			"23:59:59.999999, 000000141dd75fff, 23:59:59.999999" })
	void decodeTimeShouldAgreeInBothFormats(String text, String hex, LocalTime expected) {
		assertThat(text(PgTypeOids.TIME, text)).isEqualTo(expected);
		assertThat(binary(PgTypeOids.TIME, hex)).isEqualTo(expected);
	}

	@Test
	void decodeTimeWhenTwentyFourHoursShouldReturnLocalTimeMax() {
		assertThat(text(PgTypeOids.TIME, "24:00:00")).isEqualTo(LocalTime.MAX);
		assertThat(binary(PgTypeOids.TIME, "000000141dd76000")).isEqualTo(LocalTime.MAX);
	}

	@ParameterizedTest
	@ValueSource(strings = { "24:00:01", "24:00:00.5", "25:00:00", "12:34", "12:34:56.", "12:34:56+01" })
	void decodeTextTimeWhenMalformedShouldThrow(String text) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.TIME, text))
			.withMessageStartingWith("Cannot decode time: text value ");
	}

	@Test
	void decodeBinaryTimeWhenOutsideADayShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.TIME, "000000141dd76001"))
			.withMessage("Cannot decode time: binary value has 86400000001 microseconds, outside a day");
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.TIME, "ffffffffffffffff"));
	}

	@ParameterizedTest
	@CsvSource({ "12:00:00.123+05:30, 0000000a0eed9078ffffb2a8, 12:00:00.123+05:30",
			"00:00:00+00, 000000000000000000000000, 00:00:00Z" })
	void decodeTimetzShouldAgreeInBothFormats(String text, String hex, OffsetTime expected) {
		assertThat(text(PgTypeOids.TIMETZ, text)).isEqualTo(expected);
		assertThat(binary(PgTypeOids.TIMETZ, hex)).isEqualTo(expected);
	}

	@Test
	void decodeTimetzWhenTwentyFourHoursWithHistoricOffsetShouldKeepBoth() {
		OffsetTime expected = OffsetTime.of(LocalTime.MAX, ZoneOffset.ofHoursMinutesSeconds(-3, 0, -15));
		assertThat(text(PgTypeOids.TIMETZ, "24:00:00-03:00:15")).isEqualTo(expected);
		assertThat(binary(PgTypeOids.TIMETZ, "000000141dd7600000002a3f")).isEqualTo(expected);
	}

	@Test
	void decodeTimetzWhenOffsetOutOfRangeShouldThrow() {
		// 19 hours west
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.TIMETZ, "0000000000000000 00010b30"))
			.withMessage("Cannot decode timetz: has a time zone offset out of range");
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> text(PgTypeOids.TIMETZ, "12:00:00+19"));
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.TIMETZ, "0000000a0eed9078ffff"));
	}

}
