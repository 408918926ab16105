package dev.walstream.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded mutations of values the server produced: flipped, inserted and deleted bytes, truncation.
 * Whatever the bytes, a decoder returns a value or throws {@link ValueDecodingException}; it never
 * fails with another exception, and never reads past its view (which ends where the buffer
 * ends).
 */
class MutationTest {

	private static final int MUTATIONS_PER_SEED = 3000;

	private record Sample(int oid, String hex) {
	}

	private static final List<Sample> BINARY = List.of(new Sample(PgTypeOids.INT4, "0000002a"),
			new Sample(PgTypeOids.NUMERIC, "000600020000000a000109291a85007b11d722c4"),
			new Sample(PgTypeOids.NUMERIC, "0008000700000000000109291a85007b11d722c509291a85"),
			new Sample(PgTypeOids.NUMERIC, "0002000040000004000c0d48"),
			new Sample(PgTypeOids.TIMESTAMPTZ, "00024a03ca851d20"), new Sample(PgTypeOids.DATE, "fff49d7b"),
			new Sample(PgTypeOids.TIMETZ, "0000000a0eed9078ffffb2a8"),
			new Sample(PgTypeOids.INTERVAL, "000000036c97ca88000000030000000e"),
			new Sample(PgTypeOids.JSONB, "017b2261223a205b312c20325d7d"),
			new Sample(PgTypeOids.UUID, "a0eebc999c0b4ef8bb6d6bb9bd380a11"),
			new Sample(PgTypeOids.INET, "0380001020010db885a3000000008a2e03707334"),
			new Sample(PgTypeOids.VARBIT, "00000009b580"), new Sample(PgTypeOids.CHAR, "c3"),
			new Sample(PgTypeOids.INT4_ARRAY, "00000002000000010000001700000002000000010000000200000001"
					+ "000000040000000100000004000000020000000400000003ffffffff"),
			new Sample(PgTypeOids.TEXT_ARRAY, "0000000100000000000000190000000200000000000000016100000003622c63"),
			new Sample(PgTypeOids.NUMERIC_ARRAY,
					"0000000100000001000006a400000002000000010000000c000200000000000100011388ffffffff"),
			new Sample(PgTypeOids.INT4_ARRAY, "000000030000000000000017000000020000000100000002000000010000000200000001"
					+ "00000004000000010000000400000002000000040000000300000004000000040000000400000005"
					+ "000000040000000600000004000000070000000400000008"));

	private static final List<Sample> TEXT = List.of(new Sample(PgTypeOids.INT8, "-9223372036854775808"),
			new Sample(PgTypeOids.NUMERIC, "-123456789.0123456789"), new Sample(PgTypeOids.FLOAT8, "1.234e-05"),
			new Sample(PgTypeOids.FLOAT4, "3.14"), new Sample(PgTypeOids.BOOL, "t"),
			new Sample(PgTypeOids.TIMESTAMPTZ, "0044-03-15 12:53:28+00:53:28 BC"),
			new Sample(PgTypeOids.TIMESTAMP, "2024-02-29 13:45:07.000001"), new Sample(PgTypeOids.DATE, "2024-02-29"),
			new Sample(PgTypeOids.TIMETZ, "24:00:00-03:00:15"), new Sample(PgTypeOids.TIME, "12:34:56.789"),
			new Sample(PgTypeOids.INTERVAL, "-1 years -2 mons +3 days -04:05:06.5"),
			new Sample(PgTypeOids.UUID, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
			new Sample(PgTypeOids.BYTEA, "\\x0001ff"), new Sample(PgTypeOids.BYTEA, "\\000\\001\\377\\\\A"),
			new Sample(PgTypeOids.TEXT_ARRAY, "[0:1]={\"a\\\"b\",\"c\\\\d\",\"\",\"NULL\",NULL,x}"),
			new Sample(PgTypeOids.INT4_ARRAY, "{{1,2},{3,NULL}}"),
			new Sample(PgTypeOids.BOX_ARRAY, "{(1,1),(0,0);(2,2),(1,1)}"),
			new Sample(PgTypeOids.TIMESTAMPTZ_ARRAY, "{\"2020-01-01 00:00:00+00\",infinity}"));

	static LongStream seeds() {
		return RoundTripTest.seeds();
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void decodeBinaryWhenBytesAreMutatedShouldOnlyThrowValueDecodingException(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < MUTATIONS_PER_SEED; i++) {
			Sample sample = BINARY.get(random.nextInt(BINARY.size()));
			byte[] mutated = mutate(random, DecodingSupport.hex(sample.hex()));
			decodeSafely(seed, sample.oid(), true, mutated);
		}
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void decodeTextWhenBytesAreMutatedShouldOnlyThrowValueDecodingException(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < MUTATIONS_PER_SEED; i++) {
			Sample sample = TEXT.get(random.nextInt(TEXT.size()));
			byte[] mutated = mutate(random, sample.hex().getBytes(StandardCharsets.UTF_8));
			decodeSafely(seed, sample.oid(), false, mutated);
		}
	}

	private static void decodeSafely(long seed, int oid, boolean binary, byte[] value) {
		// the view ends with the buffer: a read past its end throws
		byte[] buffer = new byte[7 + value.length];
		Arrays.fill(buffer, 0, 7, (byte) '9');
		System.arraycopy(value, 0, buffer, 7, value.length);
		try {
			Object decoded = DecodingSupport.DECODERS.resolve(oid).decode(binary, buffer, 7, value.length);
			assertThat(decoded).isNotNull();
		}
		catch (ValueDecodingException ex) {
			assertThat(ex.getMessage()).startsWith("Cannot decode ");
		}
		catch (RuntimeException | StackOverflowError ex) {
			fail("seed %d: decoding %s %s value %s threw %s", seed, PgTypeOids.displayName(oid),
					binary ? "binary" : "text", HexFormat.of().formatHex(value), ex);
		}
	}

	private static byte[] mutate(SplittableRandom random, byte[] value) {
		byte[] mutated = value;
		int edits = 1 + random.nextInt(3);
		for (int e = 0; e < edits; e++) {
			int position = (mutated.length == 0) ? 0 : random.nextInt(mutated.length);
			switch (random.nextInt(6)) {
				case 0 -> {
					if (mutated.length > 0) {
						mutated = mutated.clone();
						mutated[position] = (byte) random.nextInt(256);
					}
				}
				case 1 -> {
					if (mutated.length > 0) {
						mutated = mutated.clone();
						mutated[position] ^= (byte) (1 << random.nextInt(8));
					}
				}
				case 2 -> mutated = Arrays.copyOf(mutated, random.nextInt(mutated.length + 1));
				case 3 -> {
					byte[] inserted = new byte[mutated.length + 1];
					System.arraycopy(mutated, 0, inserted, 0, position);
					inserted[position] = interesting(random);
					System.arraycopy(mutated, position, inserted, position + 1, mutated.length - position);
					mutated = inserted;
				}
				case 4 -> {
					if (mutated.length > 0) {
						byte[] deleted = new byte[mutated.length - 1];
						System.arraycopy(mutated, 0, deleted, 0, position);
						System.arraycopy(mutated, position + 1, deleted, position, mutated.length - position - 1);
						mutated = deleted;
					}
				}
				default -> {
					if (mutated.length > 0) {
						mutated = mutated.clone();
						mutated[position] = interesting(random);
					}
				}
			}
		}
		return mutated;
	}

	private static byte interesting(SplittableRandom random) {
		byte[] candidates = { 0, -1, 0x7F, (byte) 0x80, '{', '}', '"', '\\', ',', ';', ' ', '-', '+', '.', ':', 'e',
				'[', ']', '=', 'N', 'x', '9' };
		return candidates[random.nextInt(candidates.length)];
	}

}
