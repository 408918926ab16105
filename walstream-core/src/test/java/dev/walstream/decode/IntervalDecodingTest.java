package dev.walstream.decode;

import java.sql.SQLException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
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

	@ParameterizedTest
	@EnumSource(IntervalStyle.class)
	void decodeTextIntervalShouldReturnTheFieldsTheServerPrintedInEveryStyle(IntervalStyle style) throws SQLException {
		SplittableRandom random = new SplittableRandom(20_261_125 + style.ordinal());
		for (int i = 0; i < 20_000; i++) {
			IntervalStyle.Fields fields = IntervalStyle.Fields.of(randomInt(random), randomInt(random),
					randomMicros(random));
			String text = style.print(fields);
			PGInterval expected = new PGInterval(fields.year(), fields.mon(), fields.mday(), (int) fields.hour(),
					fields.min(), fields.sec() + fields.fsec() / 1_000_000.0);
			Object decoded = text(PgTypeOids.INTERVAL, text);
			assertThat(decoded).as(text).isEqualTo(expected);
			if (style != IntervalStyle.SQL_STANDARD) {
				// pgjdbc reads sql_standard only since 42.7.15
				assertThat(decoded).as(text).isEqualTo(new PGInterval(text));
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "00:00:00", "@ 0", "0", "PT0S", "8333:20:00", "-1 days +00:00:00.000001",
			"178000000 years", "@ 1 year 1 mon 1 day 1 hour 1 min 1 sec", "@ 1 day -1 secs ago", "@ 0.5 secs ago",
			"P-1Y-2M3DT-4H-5M-6.000001S", "PT-0.5S", "2147483647:59:59.999999" })
	void decodeTextIntervalWhenEdgeCaseShouldAgreeWithPgjdbc(String text) throws SQLException {
		assertThat(text(PgTypeOids.INTERVAL, text)).isEqualTo(new PGInterval(text));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "1-2 | 1 | 2 | 0 | 0 | 0 | 0", "-178000000-0 | -178000000 | 0 | 0 | 0 | 0 | 0",
			"+0-0 -1 +0:00:00 | 0 | 0 | -1 | 0 | 0 | 0", "1 2:03:04.5 | 0 | 0 | 1 | 2 | 3 | 4.5",
			"-1 2:03:04.5 | 0 | 0 | -1 | -2 | -3 | -4.5", "+1-2 -3 +4:05:06 | 1 | 2 | -3 | 4 | 5 | 6",
			"-2147483648:59:59.999999 | 0 | 0 | 0 | -2147483648 | -59 | -59.999999" })
	void decodeTextIntervalWhenSqlStandardShouldReturnItsFields(String text, int years, int months, int days,
			int hours, int minutes, double seconds) {
		// pgjdbc 42.7.14 reads most of these as an empty interval
		assertThat(text(PgTypeOids.INTERVAL, text))
			.isEqualTo(new PGInterval(years, months, days, hours, minutes, seconds));
	}

	@ParameterizedTest
	@ValueSource(strings = { "1 years 2 months", "1 year 2 mon 3 day 4 hour", "@ 3 days 4 hrs" })
	void decodeTextIntervalWhenNotAsTheServerPrintsShouldReadItAsPgjdbcDoes(String text) throws SQLException {
		assertThat(text(PgTypeOids.INTERVAL, text)).isEqualTo(new PGInterval(text));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2562047788:00:00", "P1DT2562047788H" })
	void decodeTextIntervalWhenHoursExceedAnIntShouldThrow(String text) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.INTERVAL, text))
			.withMessage("Cannot decode interval: text value is not an interval");
	}

	/** Zero, a small number or any int, either sign: fields empty, ordinary, and at their limits. */
	private static int randomInt(SplittableRandom random) {
		return switch (random.nextInt(4)) {
			case 0 -> 0;
			case 1 -> random.nextInt(-40, 41);
			case 2 -> random.nextInt(-100_000, 100_001);
			default -> random.nextInt();
		};
	}

	/** A time part of whole seconds or with microseconds, short or of up to 2^31 - 1 hours. */
	private static long randomMicros(SplittableRandom random) {
		long limit = switch (random.nextInt(4)) {
			case 0 -> 1;
			case 1 -> 60_000_000L;
			case 2 -> 86_400_000_000L * 40;
			default -> Integer.MAX_VALUE * 3_600_000_000L;
		};
		long micros = random.nextLong(-limit + 1, limit);
		return random.nextBoolean() ? micros - micros % 1_000_000 : micros;
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
