package dev.walstream.decode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PGInterval;

import static dev.walstream.decode.DecodingSupport.binary;
import static dev.walstream.decode.DecodingSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random round trips: a random Java value is encoded as the server would print or send
 * it, then decoded. Each test runs once per seed; a failure names the seed and the value, and
 * {@code -Dwalstream.seed=<seed>} adds a seed to replay.
 */
class RoundTripTest {

	private static final int VALUES_PER_SEED = 400;

	/** The server's range: 4713-11-24 BC to 294276-12-31. */
	private static final long MIN_TIMESTAMP_MICROS = -211_813_488_000_000_000L;

	private static final long MAX_TIMESTAMP_MICROS = 9_223_371_331_199_999_999L;

	private static final LocalDateTime POSTGRES_EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);

	private static final String ALPHABET = "abcXYZ019 ,;{}\"\\'\t\n()[]:=-NULLnull\u00e9\u00fc\u4e16\u754c";

	static LongStream seeds() {
		LongStream fixed = LongStream.of(1, 2, 3, 42, 0x5EED, 271828, 314159, 1L << 40, -7, 8_675_309);
		Long extra = Long.getLong("walstream.seed");
		return (extra != null) ? LongStream.concat(fixed, LongStream.of(extra)) : fixed;
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void numericBinaryRoundTripShouldReturnEqualBigDecimal(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED; i++) {
			BigDecimal value = randomBigDecimal(random);
			BigDecimal expected = value.setScale(Math.max(value.scale(), 0));
			assertThat(binary(PgTypeOids.NUMERIC, PgEncoding.numericBinary(value)))
				.as("seed %d, value %s", seed, value.toPlainString())
				.isEqualTo(expected);
		}
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void numericTextRoundTripShouldReturnEqualBigDecimal(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED; i++) {
			BigDecimal value = randomBigDecimal(random);
			BigDecimal expected = value.setScale(Math.max(value.scale(), 0));
			assertThat(text(PgTypeOids.NUMERIC, expected.toPlainString())).as("seed %d, value %s", seed, expected)
				.isEqualTo(expected);
		}
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void integerRoundTripShouldReturnEqualValues(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED; i++) {
			long value = random.nextLong() >> random.nextInt(64);
			String description = "seed " + seed + ", value " + value;
			assertThat(text(PgTypeOids.INT8, Long.toString(value))).as(description).isEqualTo(value);
			assertThat(binary(PgTypeOids.INT8, PgEncoding.int8(value))).as(description).isEqualTo(value);
			assertThat(text(PgTypeOids.INT4, Integer.toString((int) value))).as(description).isEqualTo((int) value);
			assertThat(binary(PgTypeOids.INT4, PgEncoding.int4((int) value))).as(description).isEqualTo((int) value);
			assertThat(text(PgTypeOids.INT2, Short.toString((short) value))).as(description)
				.isEqualTo((short) value);
			assertThat(text(PgTypeOids.OID, Integer.toUnsignedString((int) value))).as(description)
				.isEqualTo(Integer.toUnsignedLong((int) value));
		}
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void float8TextShouldParseAsTheJdkDoes(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED; i++) {
			for (String text : randomFloatTexts(random, true)) {
				assertThat(Double.doubleToRawLongBits((double) text(PgTypeOids.FLOAT8, text)))
					.as("seed %d, text %s", seed, text)
					.isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
			}
		}
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void float4TextShouldParseAsTheJdkDoes(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED; i++) {
			for (String text : randomFloatTexts(random, false)) {
				assertThat(Float.floatToRawIntBits((float) text(PgTypeOids.FLOAT4, text)))
					.as("seed %d, text %s", seed, text)
					.isEqualTo(Float.floatToRawIntBits(Float.parseFloat(text)));
			}
		}
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void timestampRoundTripShouldAgreeInBothFormats(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED; i++) {
			long micros = randomTimestampMicros(random);
			LocalDateTime expected = POSTGRES_EPOCH.plus(micros, ChronoUnit.MICROS);
			String text = PgEncoding.timestampText(expected, "");
			String description = "seed " + seed + ", micros " + micros + ", text " + text;
			assertThat(binary(PgTypeOids.TIMESTAMP, PgEncoding.int8(micros))).as(description).isEqualTo(expected);
			assertThat(text(PgTypeOids.TIMESTAMP, text)).as(description).isEqualTo(expected);
		}
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void timestamptzRoundTripShouldReturnTheInstantAtUtc(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED; i++) {
			long micros = randomTimestampMicros(random);
			OffsetDateTime expected = POSTGRES_EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
			int offset = randomOffsetSeconds(random);
			LocalDateTime local = expected.toLocalDateTime().plusSeconds(offset);
			String text = PgEncoding.timestampText(local, PgEncoding.offsetText(offset));
			String description = "seed " + seed + ", micros " + micros + ", text " + text;
			assertThat(binary(PgTypeOids.TIMESTAMPTZ, PgEncoding.int8(micros))).as(description).isEqualTo(expected);
			if (local.getYear() >= -4712) {
				assertThat(text(PgTypeOids.TIMESTAMPTZ, text)).as(description).isEqualTo(expected);
			}
		}
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void dateRoundTripShouldAgreeInBothFormats(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED; i++) {
			int days = random.nextInt(-2_451_545, 2_145_031_949);
			LocalDate expected = LocalDate.of(2000, 1, 1).plusDays(days);
			String text = PgEncoding.dateText(expected) + ((expected.getYear() <= 0) ? " BC" : "");
			String description = "seed " + seed + ", days " + days + ", text " + text;
			assertThat(binary(PgTypeOids.DATE, PgEncoding.int4(days))).as(description).isEqualTo(expected);
			assertThat(text(PgTypeOids.DATE, text)).as(description).isEqualTo(expected);
		}
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void timeRoundTripShouldAgreeInBothFormats(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED; i++) {
			long micros = random.nextLong(86_400_000_000L);
			LocalTime expected = LocalTime.ofNanoOfDay(micros * 1000);
			String text = PgEncoding.timeText(expected);
			String description = "seed " + seed + ", micros " + micros;
			assertThat(binary(PgTypeOids.TIME, PgEncoding.int8(micros))).as(description).isEqualTo(expected);
			assertThat(text(PgTypeOids.TIME, text)).as(description).isEqualTo(expected);
			int offset = randomOffsetSeconds(random);
			ByteBuffer timetz = ByteBuffer.allocate(12).putLong(micros).putInt(-offset);
			Object expectedTz = expected.atOffset(ZoneOffset.ofTotalSeconds(offset));
			assertThat(binary(PgTypeOids.TIMETZ, timetz.array())).as(description).isEqualTo(expectedTz);
			assertThat(text(PgTypeOids.TIMETZ, text + PgEncoding.offsetText(offset))).as(description)
				.isEqualTo(expectedTz);
		}
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void intervalBinaryShouldSplitFieldsAsTheServerPrintsThem(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED; i++) {
			long micros = random.nextLong(-7_000_000_000_000_000L, 7_000_000_000_000_000L) >> random.nextInt(60);
			int days = random.nextInt() >> random.nextInt(32);
			int months = random.nextInt() >> random.nextInt(32);
			byte[] bytes = ByteBuffer.allocate(16).putLong(micros).putInt(days).putInt(months).array();
			PGInterval interval = (PGInterval) binary(PgTypeOids.INTERVAL, bytes);
			long total = ((interval.getHours() * 60L + interval.getMinutes()) * 60 + interval.getWholeSeconds())
					* 1_000_000 + interval.getMicroSeconds();
			String description = "seed " + seed + ", interval " + HexFormat.of().formatHex(bytes);
			assertThat(total).as(description).isEqualTo(micros);
			assertThat(interval.getYears() * 12 + interval.getMonths()).as(description).isEqualTo(months);
			assertThat(interval.getDays()).as(description).isEqualTo(days);
		}
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void uuidAndByteaRoundTripShouldReturnEqualValues(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED; i++) {
			UUID uuid = new UUID(random.nextLong(), random.nextLong());
			assertThat(text(PgTypeOids.UUID, uuid.toString())).as("seed %d", seed).isEqualTo(uuid);
			byte[] bytes = new byte[random.nextInt(64)];
			random.nextBytes(bytes);
			String description = "seed " + seed + ", bytes " + HexFormat.of().formatHex(bytes);
			assertThat(text(PgTypeOids.BYTEA, "\\x" + HexFormat.of().formatHex(bytes))).as(description)
				.isEqualTo(bytes);
			assertThat(text(PgTypeOids.BYTEA, PgEncoding.byteaEscapeText(bytes))).as(description).isEqualTo(bytes);
		}
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void textArrayRoundTripShouldReturnEqualNestedLists(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED; i++) {
			int dimensions = 1 + random.nextInt(3);
			int[] sizes = random.ints(dimensions, 1, 4).toArray();
			List<?> array = randomNestedStrings(random, sizes, 0);
			String text = PgEncoding.arrayText(array, ',');
			assertThat(text(PgTypeOids.TEXT_ARRAY, text)).as("seed %d, text %s", seed, text).isEqualTo(array);
			String boxText = PgEncoding.arrayText(array, ';');
			assertThat(text(PgTypeOids.BOX_ARRAY, boxText)).as("seed %d, text %s", seed, boxText).isEqualTo(array);
		}
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void binaryArrayRoundTripShouldReturnEqualNestedLists(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < VALUES_PER_SEED; i++) {
			int dimensions = 1 + random.nextInt(4);
			int[] sizes = random.ints(dimensions, 1, 4).toArray();
			int[] lowerBounds = random.ints(dimensions, -3, 4).toArray();
			int count = Arrays.stream(sizes).reduce(1, (a, b) -> a * b);
			List<Integer> flat = new ArrayList<>();
			List<byte[]> elements = new ArrayList<>();
			for (int e = 0; e < count; e++) {
				Integer value = (random.nextInt(5) == 0) ? null : random.nextInt();
				flat.add(value);
				elements.add((value != null) ? PgEncoding.int4(value) : null);
			}
			byte[] bytes = PgEncoding.arrayBinary(PgTypeOids.INT4, sizes, lowerBounds, elements);
			assertThat(binary(PgTypeOids.INT4_ARRAY, bytes))
				.as("seed %d, array %s", seed, HexFormat.of().formatHex(bytes))
				.isEqualTo(nest(flat, sizes));
		}
	}

	private static BigDecimal randomBigDecimal(SplittableRandom random) {
		int bits = switch (random.nextInt(4)) {
			case 0 -> random.nextInt(8);
			case 1 -> random.nextInt(64);
			case 2 -> random.nextInt(200);
			default -> random.nextInt(1500);
		};
		BigInteger unscaled = new BigInteger(bits, new java.util.Random(random.nextLong()));
		if (random.nextBoolean()) {
			unscaled = unscaled.negate();
		}
		int scale = (random.nextInt(5) == 0) ? -random.nextInt(20) : random.nextInt(60);
		return new BigDecimal(unscaled, scale);
	}

	private static List<String> randomFloatTexts(SplittableRandom random, boolean doublePrecision) {
		List<String> texts = new ArrayList<>();
		double value = Double.longBitsToDouble(random.nextLong());
		if (!doublePrecision) {
			value = Float.intBitsToFloat(random.nextInt());
		}
		if (Double.isFinite(value)) {
			texts.add(doublePrecision ? Double.toString(value) : Float.toString((float) value));
			texts.add(String.format("%.17g", value));
			texts.add(new BigDecimal(value).toString());
		}
		// short decimals in the server's style, the fast path's territory
		long mantissa = random.nextLong(1, 1_000_000_000_000_000L) >> random.nextInt(50);
		String digits = Long.toString(mantissa);
		int point = random.nextInt(digits.length() + 1);
		String decimal = digits.substring(0, point) + ((point < digits.length()) ? "." + digits.substring(point) : "");
		if (decimal.startsWith(".")) {
			decimal = "0" + decimal;
		}
		int exponent = random.nextInt(-40, 41);
		String sign = random.nextBoolean() ? "-" : "";
		texts.add(sign + decimal);
		texts.add(sign + decimal + "e" + ((exponent >= 0) ? "+" : "") + exponent);
		texts.add(sign + "0.000" + digits);
		return texts;
	}

	private static long randomTimestampMicros(SplittableRandom random) {
		return switch (random.nextInt(3)) {
			case 0 -> random.nextLong(MIN_TIMESTAMP_MICROS, MAX_TIMESTAMP_MICROS);
			case 1 -> random.nextLong(-3_000_000_000_000_000L, 3_000_000_000_000_000L) / 1_000_000 * 1_000_000;
			default -> random.nextLong(-100_000_000_000_000L, 1_000_000_000_000_000L);
		};
	}

	private static int randomOffsetSeconds(SplittableRandom random) {
		return switch (random.nextInt(3)) {
			case 0 -> random.nextInt(-15, 16) * 3600;
			case 1 -> random.nextInt(-15 * 4, 15 * 4 + 1) * 900;
			default -> random.nextInt(-(15 * 3600 + 59 * 60 + 59), 15 * 3600 + 59 * 60 + 60);
		};
	}

	private static List<?> randomNestedStrings(SplittableRandom random, int[] sizes, int dimension) {
		List<Object> list = new ArrayList<>();
		for (int i = 0; i < sizes[dimension]; i++) {
			if (dimension + 1 < sizes.length) {
				list.add(randomNestedStrings(random, sizes, dimension + 1));
			}
			else if (random.nextInt(6) == 0) {
				list.add(null);
			}
			else {
				StringBuilder sb = new StringBuilder();
				int length = random.nextInt(8);
				for (int c = 0; c < length; c++) {
					sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
				}
				if (random.nextInt(20) == 0) {
					sb.append("\uD83D\uDE00");
				}
				list.add(sb.toString());
			}
		}
		return list;
	}

	private static List<?> nest(List<Integer> flat, int[] sizes) {
		List<?> current = flat;
		for (int d = sizes.length - 1; d >= 1; d--) {
			List<Object> grouped = new ArrayList<>();
			for (int g = 0; g < current.size(); g += sizes[d]) {
				grouped.add(current.subList(g, g + sizes[d]));
			}
			current = grouped;
		}
		return current;
	}

	static {
		// the alphabet must survive UTF-8 unchanged
		assert new String(ALPHABET.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(ALPHABET);
	}

}
