package dev.walstream.protocol;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import dev.walstream.error.ProtocolException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Feeds the parser random and mutated bytes: whatever the input, it returns a message or throws
 * {@link ProtocolException}, allocates a bounded multiple of the input's size, and never hangs.
 * Each seed is one reproducible case, printed in any failure.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ParserFuzzTest {

	private static final int MUTANTS_PER_SEED = 4_000;

	private static final int[] INTERESTING_INTS = { 0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7FFF, 0xFFFF, 0x8000,
			255, 16 };

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	static LongStream seeds() {
		return LongStream.rangeClosed(1, 8).map((seed) -> seed * 0x9E3779B97F4A7C15L);
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void parseOfMutatedMessagesShouldReturnOrThrowProtocolException(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		List<byte[]> corpus = corpus();
		for (int i = 0; i < MUTANTS_PER_SEED; i++) {
			byte[] original = corpus.get(random.nextInt(corpus.size()));
			byte[] mutant = mutate(original, random);
			int version = 1 + random.nextInt(4);
			boolean inStreamBlock = random.nextBoolean();
			checkParse(seed, i, mutant, version, inStreamBlock, false);
			checkParse(seed, i, frameOf(mutant), version, inStreamBlock, true);
		}
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void parseOfRandomBytesAfterAValidTagShouldReturnOrThrowProtocolException(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		MessageTag[] tags = MessageTag.values();
		for (int i = 0; i < MUTANTS_PER_SEED; i++) {
			byte[] bytes = new byte[random.nextInt(64)];
			random.nextBytes(bytes);
			if (bytes.length > 0) {
				bytes[0] = (byte) tags[random.nextInt(tags.length)].code();
			}
			checkParse(seed, i, bytes, 1 + random.nextInt(4), random.nextBoolean(), false);
		}
	}

	private static void checkParse(long seed, int iteration, byte[] input, int version, boolean inStreamBlock,
			boolean asFrame) {
		parseOnce(seed, iteration, input, version, inStreamBlock, asFrame);
		// the second run of the same input measures the parse itself, not first-time class loading
		long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
		parseOnce(seed, iteration, input, version, inStreamBlock, asFrame);
		long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
		// records, a column index of 4 bytes per column, strings, and the exception's stack trace
		long bound = 16L * 1024 + 48L * input.length;
		if (allocated > bound) {
			fail("seed %d, iteration %d: parsing %d bytes allocated %d bytes: %s", seed, iteration, input.length,
					allocated, hex(input));
		}
	}

	private static void parseOnce(long seed, int iteration, byte[] input, int version, boolean inStreamBlock,
			boolean asFrame) {
		LogicalReplicationParser parser = LogicalReplicationParser.withProtocolVersion(version);
		if (inStreamBlock && version >= 2) {
			parser.parse(ByteBuffer.wrap(new byte[] { 'S', 0, 0, 0, 1, 1 }));
		}
		ByteBuffer buffer = ByteBuffer.wrap(input);
		try {
			if (asFrame) {
				parser.parseWalMessage(buffer);
			}
			else {
				parser.parse(buffer);
			}
		}
		catch (ProtocolException expected) {
			assertThat(expected.getOffset()).isBetween(0, input.length);
		}
		catch (Throwable unexpected) {
			fail("seed %d, iteration %d, version %d: %s on input %s", seed, iteration, version, unexpected,
					hex(input), unexpected);
		}
	}

	private static List<byte[]> corpus() {
		List<byte[]> corpus = new ArrayList<>();
		for (int version = 1; version <= 4; version++) {
			for (ByteBuffer message : SampleMessages.encodedStream(version)) {
				byte[] bytes = new byte[message.remaining()];
				message.get(message.position(), bytes);
				corpus.add(bytes);
			}
		}
		corpus.addAll(RecordedCorpus.messages());
		return corpus;
	}

	private static byte[] mutate(byte[] original, SplittableRandom random) {
		byte[] bytes = original.clone();
		int mutations = 1 + random.nextInt(3);
		for (int m = 0; m < mutations; m++) {
			if (bytes.length == 0) {
				return new byte[] { (byte) random.nextInt(256) };
			}
			int at = random.nextInt(bytes.length);
			switch (random.nextInt(6)) {
				case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
				case 1 -> bytes[at] = (byte) random.nextInt(256);
				case 2 -> bytes = java.util.Arrays.copyOf(bytes, at);
				case 3 -> {
					byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(16));
					for (int i = bytes.length; i < longer.length; i++) {
						longer[i] = (byte) random.nextInt(256);
					}
					bytes = longer;
				}
				case 4 -> {
					int value = INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
					for (int i = 0; i < 4 && at + i < bytes.length; i++) {
						bytes[at + i] = (byte) (value >>> (24 - 8 * i));
					}
				}
				default -> {
					int value = INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
					if (at + 1 < bytes.length) {
						bytes[at] = (byte) (value >>> 8);
						bytes[at + 1] = (byte) value;
					}
				}
			}
		}
		return bytes;
	}

	private static byte[] frameOf(byte[] message) {
		return new BufferWriter().writeU8('w').writeI64(1).writeI64(2).writeI64(3).writeBytes(message).toByteArray();
	}

	private static String hex(byte[] bytes) {
		StringBuilder text = new StringBuilder();
		for (byte b : bytes) {
			text.append(String.format("%02x", b));
		}
		return text.toString();
	}

}
