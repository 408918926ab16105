package dev.walstream.stream;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Runs seeded random sequences of appends, subtransaction aborts, discards, prepares and releases
 * against an assembler and against a plain in-memory model of the same rules, and checks after every
 * step that both agree: the messages released, which transactions are held, and the memory and disk
 * figures. Each (seed, limit) pair is one reproducible case.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TransactionAssemblerModelTest {

	private static final int STEPS = 2_000;

	/** Spill everything, spill often, spill now and then, spill rarely, never spill. */
	private static final long[] LIMITS = { 0, 600, 5_000, 60_000, Long.MAX_VALUE };

	/** Top-level ids, the largest one at the top of the unsigned 32-bit range. */
	private static final long[] TOP_XIDS = { 10, 11, 12, 13, 4_294_967_295L };

	private static final int SUBTRANSACTIONS_PER_TOP = 6;

	static Stream<Arguments> cases() {
		return LongStream.rangeClosed(1, 4)
			.map((seed) -> seed * 0x9E3779B97F4A7C15L)
			.boxed()
			.flatMap((seed) -> LongStream.of(LIMITS).mapToObj((limit) -> Arguments.of(seed, limit)));
	}

	@ParameterizedTest(name = "seed {0}, max {1} bytes in memory")
	@MethodSource("cases")
	void randomOperationsShouldMatchTheModel(long seed, long maxBytesInMemory, @TempDir Path tempDir) {
		SplittableRandom random = new SplittableRandom(seed);
		Path spillDirectory = tempDir.resolve("spill");
		Map<Long, ModelTransaction> model = new LinkedHashMap<>();
		try (TransactionAssembler assembler = new TransactionAssembler(spillDirectory, maxBytesInMemory)) {
			for (int step = 0; step < STEPS; step++) {
				String context = "seed " + seed + ", limit " + maxBytesInMemory + ", step " + step;
				long top = TOP_XIDS[random.nextInt(TOP_XIDS.length)];
				int operation = random.nextInt(100);
				if (operation < 60) {
					append(assembler, model, random, top, context);
				}
				else if (operation < 70) {
					abortSubtransaction(assembler, model, top, pickSubXid(random, top), context);
				}
				else if (operation < 74) {
					assembler.discard(top);
					model.remove(top);
				}
				else if (operation < 88) {
					release(assembler, model, top, random.nextInt(4) == 0, context);
				}
				else {
					prepare(assembler, model, top, "gid-" + step, context);
				}
				checkAgreement(assembler, model, maxBytesInMemory, context);
				if (step % 100 == 0 && SpillTestSupport.canCountOpenFiles()) {
					assertThat(SpillTestSupport.openSpillFiles(spillDirectory)).as(context)
						.isEqualTo(spilledCount(assembler));
				}
			}
			for (Long top : new ArrayList<>(model.keySet())) {
				release(assembler, model, top, false, "seed " + seed + ", final release of " + top);
			}
			assertThat(assembler.stats().openTransactions()).isZero();
		}
		if (SpillTestSupport.canCountOpenFiles()) {
			assertThat(SpillTestSupport.openSpillFiles(spillDirectory)).isZero();
		}
	}

	private static void append(TransactionAssembler assembler, Map<Long, ModelTransaction> model,
			SplittableRandom random, long top, String context) {
		long sub = pickSubXid(random, top);
		ByteBuffer message = randomMessage(random);
		ModelTransaction transaction = model.get(top);
		if (transaction != null && transaction.gid != null) {
			assertThatIllegalStateException().as(context).isThrownBy(() -> assembler.append(top, sub, message));
			return;
		}
		assembler.append(top, sub, message);
		model.computeIfAbsent(top, (xid) -> new ModelTransaction()).append(top, sub, message);
	}

	private static void abortSubtransaction(TransactionAssembler assembler, Map<Long, ModelTransaction> model, long top,
			long sub, String context) {
		ModelTransaction transaction = model.get(top);
		if (sub == top) {
			assembler.abortSubtransaction(top, sub);
			model.remove(top);
		}
		else if (transaction != null && transaction.gid != null) {
			assertThatIllegalStateException().as(context).isThrownBy(() -> assembler.abortSubtransaction(top, sub));
		}
		else {
			assembler.abortSubtransaction(top, sub);
			if (transaction != null) {
				transaction.abortSubtransaction(sub);
			}
		}
	}

	private static void prepare(TransactionAssembler assembler, Map<Long, ModelTransaction> model, long top,
			String gid, String context) {
		ModelTransaction transaction = model.get(top);
		if (transaction != null && transaction.gid != null) {
			assertThatIllegalStateException().as(context).isThrownBy(() -> assembler.prepare(top, gid));
			return;
		}
		assembler.prepare(top, gid);
		model.computeIfAbsent(top, (xid) -> new ModelTransaction()).gid = gid;
	}

	private static void release(TransactionAssembler assembler, Map<Long, ModelTransaction> model, long top,
			boolean iterateTwice, String context) {
		ModelTransaction expected = model.remove(top);
		List<ByteBuffer> expectedMessages = (expected != null) ? expected.messages : List.of();
		try (BufferedTransaction transaction = assembler.release(top)) {
			assertThat(transaction.xid()).as(context).isEqualTo(top);
			assertThat(transaction.gid()).as(context).isEqualTo((expected != null) ? expected.gid : null);
			assertThat(transaction.messageCount()).as(context).isEqualTo(expectedMessages.size());
			assertThat(transaction.byteCount()).as(context)
				.isEqualTo(expectedMessages.stream().mapToLong(ByteBuffer::remaining).sum());
			assertThat(transaction).as(context).containsExactlyElementsOf(expectedMessages);
			if (iterateTwice) {
				assertThat(transaction).as(context).containsExactlyElementsOf(expectedMessages);
			}
		}
	}

	private static void checkAgreement(TransactionAssembler assembler, Map<Long, ModelTransaction> model,
			long maxBytesInMemory, String context) {
		long inMemory = 0;
		long onDisk = 0;
		for (long top : TOP_XIDS) {
			ModelTransaction transaction = model.get(top);
			assertThat(assembler.contains(top)).as(context + ", contains " + top).isEqualTo(transaction != null);
			if (transaction == null) {
				continue;
			}
			long count = transaction.messages.size();
			long bytes = transaction.messages.stream().mapToLong(ByteBuffer::remaining).sum();
			if (assembler.spillFileOf(top) != null) {
				onDisk += bytes + count * SpillWriter.HEADER_BYTES;
			}
			else {
				inMemory += bytes + count * TransactionAssembler.ENTRY_OVERHEAD_BYTES;
			}
		}
		TransactionAssembler.Stats stats = assembler.stats();
		assertThat(stats.bytesInMemory()).as(context).isEqualTo(inMemory).isLessThanOrEqualTo(maxBytesInMemory);
		assertThat(stats.bytesOnDisk()).as(context).isEqualTo(onDisk);
		assertThat(stats.openTransactions()).as(context).isEqualTo(model.size());
		assertThat(stats.preparedTransactions()).as(context)
			.isEqualTo(model.values().stream().filter((transaction) -> transaction.gid != null).count());
		assertThat(stats.bytesSpilled()).as(context).isGreaterThanOrEqualTo(stats.bytesOnDisk());
	}

	private static long spilledCount(TransactionAssembler assembler) {
		return LongStream.of(TOP_XIDS).filter((top) -> assembler.spillFileOf(top) != null).count();
	}

	/** The top-level id itself half the time, else one of its subtransactions. */
	private static long pickSubXid(SplittableRandom random, long top) {
		if (random.nextBoolean()) {
			return top;
		}
		int topIndex = LongStream.of(TOP_XIDS).boxed().toList().indexOf(top);
		return 1_000 + topIndex * SUBTRANSACTIONS_PER_TOP + random.nextInt(SUBTRANSACTIONS_PER_TOP);
	}

	/** Mostly small, sometimes a few kilobytes, rarely longer than the spill buffers. */
	private static ByteBuffer randomMessage(SplittableRandom random) {
		int kind = random.nextInt(100);
		int length;
		if (kind < 90) {
			length = random.nextInt(200);
		}
		else if (kind < 99) {
			length = 200 + random.nextInt(3_000);
		}
		else {
			length = SpillWriter.BUFFER_BYTES + random.nextInt(2 * SpillWriter.BUFFER_BYTES);
		}
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
	}

	/**
	 * The rules, stated as plainly as possible: a list of messages, and the index of each
	 * subtransaction's first message; an abort cuts the list there and forgets every subtransaction
	 * whose first message was cut.
	 */
	private static final class ModelTransaction {

		final List<ByteBuffer> messages = new ArrayList<>();

		final Map<Long, Integer> firstMessage = new HashMap<>();

		@Nullable String gid;

		void append(long top, long sub, ByteBuffer message) {
			if (sub != top) {
				this.firstMessage.putIfAbsent(sub, this.messages.size());
			}
			this.messages.add(message);
		}

		void abortSubtransaction(long sub) {
			Integer first = this.firstMessage.get(sub);
			if (first == null) {
				return;
			}
			this.messages.subList(first, this.messages.size()).clear();
			this.firstMessage.values().removeIf((index) -> index >= first);
		}

	}

}
