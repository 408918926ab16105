package dev.walstream.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.walstream.error.ProtocolException;
import dev.walstream.error.SpillException;
import dev.walstream.protocol.ColumnValue;
import dev.walstream.protocol.LogicalReplicationMessage;
import dev.walstream.protocol.LogicalReplicationMessage.Insert;
import dev.walstream.protocol.LogicalReplicationMessage.StreamStart;
import dev.walstream.protocol.LogicalReplicationParser;
import dev.walstream.protocol.LogicalReplicationWriter;
import dev.walstream.protocol.TupleData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.walstream.stream.SpillTestSupport.message;
import static dev.walstream.stream.SpillTestSupport.releaseTexts;
import static dev.walstream.stream.SpillTestSupport.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TransactionAssemblerTest {

	/** Never spills. */
	private static final long IN_MEMORY = Long.MAX_VALUE;

	/** Spills every transaction with its first message. */
	private static final long SPILL_ALL = 0;

	private static final int OVERHEAD = TransactionAssembler.ENTRY_OVERHEAD_BYTES;

	private static final int HEADER = SpillWriter.HEADER_BYTES;

	private static final long T = 700;

	private static final long A = 701;

	private static final long B = 702;

	@TempDir
	Path tempDir;

	private TransactionAssembler assembler(long maxBytesInMemory) {
		return new TransactionAssembler(this.tempDir.resolve("spill"), maxBytesInMemory);
	}

	@ParameterizedTest(name = "max {0} bytes in memory")
	@ValueSource(longs = { IN_MEMORY, SPILL_ALL })
	void releaseShouldReturnMessagesInAppendOrder(long maxBytesInMemory) {
		try (TransactionAssembler assembler = assembler(maxBytesInMemory)) {
			for (int i = 0; i < 10; i++) {
				assembler.append(T, T, message("change " + i));
			}
			try (BufferedTransaction transaction = assembler.release(T)) {
				assertThat(transaction.xid()).isEqualTo(T);
				assertThat(transaction.gid()).isNull();
				assertThat(transaction.messageCount()).isEqualTo(10);
				assertThat(transaction.byteCount()).isEqualTo(10 * "change 0".length());
				assertThat(texts(transaction)).containsExactly("change 0", "change 1", "change 2", "change 3",
						"change 4", "change 5", "change 6", "change 7", "change 8", "change 9");
			}
			assertThat(assembler.contains(T)).isFalse();
		}
	}

	@ParameterizedTest(name = "max {0} bytes in memory")
	@ValueSource(longs = { IN_MEMORY, SPILL_ALL })
	void releaseOfInterleavedTransactionsShouldKeepEachTransactionsOrder(long maxBytesInMemory) {
		try (TransactionAssembler assembler = assembler(maxBytesInMemory)) {
			for (int block = 0; block < 4; block++) {
				for (long xid = 1; xid <= 3; xid++) {
					assembler.append(xid, xid, message(xid + "/" + block + "a"));
					assembler.append(xid, xid, message(xid + "/" + block + "b"));
				}
			}
			assertThat(releaseTexts(assembler, 2)).containsExactly("2/0a", "2/0b", "2/1a", "2/1b", "2/2a", "2/2b",
					"2/3a", "2/3b");
			assertThat(releaseTexts(assembler, 3)).containsExactly("3/0a", "3/0b", "3/1a", "3/1b", "3/2a", "3/2b",
					"3/3a", "3/3b");
			assertThat(releaseTexts(assembler, 1)).containsExactly("1/0a", "1/0b", "1/1a", "1/1b", "1/2a", "1/2b",
					"1/3a", "1/3b");
		}
	}

	@Test
	void releaseOfUnknownTransactionShouldReturnAnEmptyTransaction() {
		try (TransactionAssembler assembler = assembler(IN_MEMORY);
				BufferedTransaction transaction = assembler.release(4_000_000_000L)) {
			assertThat(transaction.xid()).isEqualTo(4_000_000_000L);
			assertThat(transaction.messageCount()).isZero();
			assertThat(transaction.byteCount()).isZero();
			assertThat(transaction).isEmpty();
		}
	}

	@ParameterizedTest(name = "max {0} bytes in memory")
	@ValueSource(longs = { IN_MEMORY, SPILL_ALL })
	void discardShouldDropTheWholeTransactionAndNoOther(long maxBytesInMemory) {
		try (TransactionAssembler assembler = assembler(maxBytesInMemory)) {
			assembler.append(T, T, message("t1"));
			assembler.append(T, A, message("a1"));
			assembler.append(B, B, message("other"));
			assembler.discard(T);
			assertThat(assembler.contains(T)).isFalse();
			assertThat(releaseTexts(assembler, T)).isEmpty();
			assertThat(releaseTexts(assembler, B)).containsExactly("other");
			assertThat(assembler.stats().bytesInMemory()).isZero();
			assertThat(assembler.stats().bytesOnDisk()).isZero();
		}
	}

	@ParameterizedTest(name = "max {0} bytes in memory")
	@ValueSource(longs = { IN_MEMORY, SPILL_ALL })
	void abortSubtransactionWithTheTopLevelIdShouldDiscardTheTransaction(long maxBytesInMemory) {
		try (TransactionAssembler assembler = assembler(maxBytesInMemory)) {
			assembler.append(T, T, message("t1"));
			assembler.abortSubtransaction(T, T);
			assertThat(assembler.contains(T)).isFalse();
		}
	}

	@ParameterizedTest(name = "max {0} bytes in memory")
	@ValueSource(longs = { IN_MEMORY, SPILL_ALL })
	void abortSubtransactionShouldDropItsChangesFromItsFirstChangeOn(long maxBytesInMemory) {
		try (TransactionAssembler assembler = assembler(maxBytesInMemory)) {
			// BEGIN; t1; SAVEPOINT a; a1; SAVEPOINT b; b1; b2; ROLLBACK TO b; a2; COMMIT
			assembler.append(T, T, message("t1"));
			assembler.append(T, A, message("a1"));
			assembler.append(T, B, message("b1"));
			assembler.append(T, B, message("b2"));
			assembler.abortSubtransaction(T, B);
			assembler.append(T, A, message("a2"));
			assertThat(releaseTexts(assembler, T)).containsExactly("t1", "a1", "a2");
		}
	}

	@ParameterizedTest(name = "max {0} bytes in memory")
	@ValueSource(longs = { IN_MEMORY, SPILL_ALL })
	void abortSubtransactionOfReleasedNestedSavepointsShouldDropBoth(long maxBytesInMemory) {
		try (TransactionAssembler assembler = assembler(maxBytesInMemory)) {
			// BEGIN; t1; SAVEPOINT a; a1; SAVEPOINT b; b1; RELEASE b; a2; ROLLBACK TO a; t2; COMMIT
			// the server aborts the inner subtransaction first, then the outer one
			assembler.append(T, T, message("t1"));
			assembler.append(T, A, message("a1"));
			assembler.append(T, B, message("b1"));
			assembler.append(T, A, message("a2"));
			assembler.abortSubtransaction(T, B);
			assembler.abortSubtransaction(T, A);
			assembler.append(T, T, message("t2"));
			assertThat(releaseTexts(assembler, T)).containsExactly("t1", "t2");
		}
	}

	@ParameterizedTest(name = "max {0} bytes in memory")
	@ValueSource(longs = { IN_MEMORY, SPILL_ALL })
	void abortSubtransactionShouldForgetSubtransactionsThatStartedAfterIt(long maxBytesInMemory) {
		try (TransactionAssembler assembler = assembler(maxBytesInMemory)) {
			// the outer subtransaction aborts first: the inner one's position lies past the cut and must
			// be forgotten, as PostgreSQL's apply worker forgets it, or its abort would cut nothing
			// sensible
			assembler.append(T, T, message("t1"));
			assembler.append(T, A, message("a1"));
			assembler.append(T, B, message("b1"));
			assembler.abortSubtransaction(T, A);
			assembler.abortSubtransaction(T, B);
			assembler.append(T, T, message("t2"));
			assembler.append(T, B, message("b-again"));
			assembler.append(T, T, message("t3"));
			assembler.abortSubtransaction(T, B);
			assertThat(releaseTexts(assembler, T)).containsExactly("t1", "t2");
		}
	}

	@ParameterizedTest(name = "max {0} bytes in memory")
	@ValueSource(longs = { IN_MEMORY, SPILL_ALL })
	void abortSubtransactionWithoutChangesShouldDoNothing(long maxBytesInMemory) {
		try (TransactionAssembler assembler = assembler(maxBytesInMemory)) {
			assembler.append(T, T, message("t1"));
			assembler.append(T, A, message("a1"));
			assembler.abortSubtransaction(T, B);
			assembler.abortSubtransaction(B, A);
			assertThat(assembler.contains(B)).isFalse();
			assertThat(releaseTexts(assembler, T)).containsExactly("t1", "a1");
		}
	}

	@Test
	void abortSubtransactionShouldTruncateAcrossTheMemoryToDiskBoundary() {
		long threeMessages = 3 * (OVERHEAD + 2);
		try (TransactionAssembler assembler = assembler(threeMessages)) {
			assembler.append(T, T, message("t1"));
			assembler.append(T, A, message("a1"));
			assembler.append(T, A, message("a2"));
			assertThat(assembler.spillFileOf(T)).isNull();
			assembler.append(T, A, message("a3"));
			assertThat(assembler.spillFileOf(T)).isNotNull();
			assembler.append(T, A, message("a4"));
			assembler.abortSubtransaction(T, A);
			assertThat(assembler.stats().bytesOnDisk()).isEqualTo(HEADER + 2);
			assembler.append(T, T, message("t2"));
			assertThat(releaseTexts(assembler, T)).containsExactly("t1", "t2");
		}
	}

	@Test
	void appendWhenMemoryIsFullShouldSpillTheLargestTransaction() {
		int size = 100;
		long limit = 4 * (OVERHEAD + size) + 20;
		try (TransactionAssembler assembler = assembler(limit)) {
			for (int i = 0; i < 3; i++) {
				assembler.append(A, A, message(text('a', i, size)));
			}
			assembler.append(B, B, message(text('b', 0, size)));
			assertThat(assembler.stats().transactionsSpilled()).isZero();
			assembler.append(B, B, message(text('b', 1, size)));
			assertThat(assembler.spillFileOf(A)).isNotNull();
			assertThat(assembler.spillFileOf(B)).isNull();
			assertThat(assembler.stats()).isEqualTo(new TransactionAssembler.Stats(2 * (OVERHEAD + size),
					3 * (HEADER + size), 2, 0, 1, 3 * (HEADER + size)));
			// from now on the spilled transaction writes to its file
			assembler.append(A, A, message(text('a', 3, size)));
			assertThat(assembler.stats()).isEqualTo(new TransactionAssembler.Stats(2 * (OVERHEAD + size),
					4 * (HEADER + size), 2, 0, 1, 4 * (HEADER + size)));
			assertThat(releaseTexts(assembler, A)).containsExactly(text('a', 0, size), text('a', 1, size),
					text('a', 2, size), text('a', 3, size));
			assertThat(releaseTexts(assembler, B)).containsExactly(text('b', 0, size), text('b', 1, size));
		}
	}

	@Test
	void appendWhenTheTargetIsTheLargestShouldSpillItWithTheNewMessage() {
		int size = 100;
		long limit = 2 * (OVERHEAD + size) + 20;
		try (TransactionAssembler assembler = assembler(limit)) {
			assembler.append(A, A, message(text('a', 0, size)));
			assembler.append(B, B, message(text('b', 0, size)));
			assembler.append(B, B, message(text('b', 1, size)));
			assertThat(assembler.spillFileOf(B)).isNotNull();
			assertThat(assembler.spillFileOf(A)).isNull();
			assertThat(assembler.stats()).isEqualTo(
					new TransactionAssembler.Stats(OVERHEAD + size, 2 * (HEADER + size), 2, 0, 1, 2 * (HEADER + size)));
		}
	}

	@Test
	void appendOfAMessageLargerThanTheLimitShouldSpillItsTransaction() {
		try (TransactionAssembler assembler = assembler(1_000)) {
			assembler.append(A, A, message("small"));
			assembler.append(T, T, message(text('t', 0, 5_000)));
			assertThat(assembler.spillFileOf(T)).isNotNull();
			assertThat(assembler.spillFileOf(A)).isNull();
			assertThat(releaseTexts(assembler, T)).containsExactly(text('t', 0, 5_000));
		}
	}

	@Test
	void releaseShouldReadBackInAppendOrderAcrossTheMemoryToDiskBoundary() {
		try (TransactionAssembler assembler = assembler(10 * (OVERHEAD + 3))) {
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < 25; i++) {
				String text = String.format("m%02d", i);
				expected.add(text);
				assembler.append(T, T, message(text));
				if (i == 9) {
					assertThat(assembler.spillFileOf(T)).isNull();
				}
			}
			assertThat(assembler.spillFileOf(T)).isNotNull();
			assertThat(releaseTexts(assembler, T)).isEqualTo(expected);
		}
	}

	@Test
	void releaseOfALargeSpilledTransactionShouldReadEveryMessageBackWithABoundedBuffer() {
		int count = 200_000;
		try (TransactionAssembler assembler = assembler(4_096)) {
			for (int i = 0; i < count; i++) {
				assembler.append(T, T, message(largeTransactionMessage(i)));
			}
			assertThat(assembler.stats().bytesInMemory()).isZero();
			try (BufferedTransaction transaction = assembler.release(T)) {
				assertThat(transaction.messageCount()).isEqualTo(count);
				int i = 0;
				for (ByteBuffer read : transaction) {
					assertThat(read).as("message %d", i).isEqualTo(message(largeTransactionMessage(i)));
					i++;
				}
				assertThat(i).isEqualTo(count);
			}
		}
	}

	/** Mostly small messages of varying length, and a few larger than the read and write buffers. */
	private static String largeTransactionMessage(int i) {
		if (i % 50_000 == 17) {
			return text('L', i, 3 * SpillWriter.BUFFER_BYTES + 11);
		}
		return text('m', i, 1 + (i * 7_919) % 300);
	}

	@Test
	void releasedMessagesShouldParseBackToTheAppendedMessages() {
		LogicalReplicationWriter writer = LogicalReplicationWriter.withProtocolVersion(2);
		List<LogicalReplicationMessage> appended = new ArrayList<>();
		ByteBuffer streamStart = writer.encode(new StreamStart(T, true));
		try (TransactionAssembler assembler = assembler(SPILL_ALL)) {
			for (int i = 0; i < 100; i++) {
				TupleData row = TupleData.of(ColumnValue.text(Integer.toString(i)), ColumnValue.NULL);
				Insert insert = new Insert(A, 16_390, row);
				appended.add(insert);
				assembler.append(T, A, writer.encode(insert));
			}
			LogicalReplicationParser parser = LogicalReplicationParser.withProtocolVersion(2);
			parser.parse(streamStart);
			List<LogicalReplicationMessage> released = new ArrayList<>();
			try (BufferedTransaction transaction = assembler.release(T)) {
				transaction.forEach((message) -> released.add(parser.parse(message)));
			}
			assertThat(released).isEqualTo(appended);
		}
	}

	@ParameterizedTest(name = "max {0} bytes in memory")
	@ValueSource(longs = { IN_MEMORY, SPILL_ALL })
	void appendShouldNotDependOnTheCallersBufferPositionAfterwards(long maxBytesInMemory) {
		try (TransactionAssembler assembler = assembler(maxBytesInMemory)) {
			ByteBuffer message = message("keep me");
			assembler.append(T, T, message);
			assertThat(message.remaining()).isEqualTo("keep me".length());
			message.position(message.limit());
			assertThat(releaseTexts(assembler, T)).containsExactly("keep me");
		}
	}

	@ParameterizedTest(name = "max {0} bytes in memory")
	@ValueSource(longs = { IN_MEMORY, SPILL_ALL })
	void releasedTransactionShouldIterateAgainFromTheStartUntilClosed(long maxBytesInMemory) {
		try (TransactionAssembler assembler = assembler(maxBytesInMemory)) {
			assembler.append(T, T, message("one"));
			assembler.append(T, T, message("two"));
			BufferedTransaction transaction = assembler.release(T);
			Iterator<ByteBuffer> first = transaction.iterator();
			first.next().position(1);
			assertThat(texts(transaction)).containsExactly("one", "two");
			assertThat(texts(transaction)).containsExactly("one", "two");
			transaction.close();
			transaction.close();
			assertThatIllegalStateException().isThrownBy(transaction::iterator).withMessageContaining("700");
			assertThatIllegalStateException().isThrownBy(first::next);
		}
	}

	@Test
	void statsShouldCountMemoryDiskAndSpills() {
		try (TransactionAssembler assembler = assembler(3 * (OVERHEAD + 10))) {
			assertThat(assembler.stats()).isEqualTo(new TransactionAssembler.Stats(0, 0, 0, 0, 0, 0));
			assembler.append(A, A, message("0123456789"));
			assembler.append(A, A, message("0123456789"));
			assembler.append(B, B, message("01234"));
			assertThat(assembler.stats())
				.isEqualTo(new TransactionAssembler.Stats(2 * (OVERHEAD + 10) + OVERHEAD + 5, 0, 2, 0, 0, 0));
			assembler.append(B, B, message("0123456789"));
			long spilledA = 2 * (HEADER + 10);
			assertThat(assembler.stats()).isEqualTo(
					new TransactionAssembler.Stats(OVERHEAD + 5 + OVERHEAD + 10, spilledA, 2, 0, 1, spilledA));
			assembler.prepare(B, "gid-b");
			assertThat(assembler.stats().preparedTransactions()).isEqualTo(1);
			assembler.discard(A);
			assertThat(assembler.stats())
				.isEqualTo(new TransactionAssembler.Stats(OVERHEAD + 5 + OVERHEAD + 10, 0, 1, 1, 1, spilledA));
			assembler.release(B).close();
			assertThat(assembler.stats()).isEqualTo(new TransactionAssembler.Stats(0, 0, 0, 0, 1, spilledA));
		}
	}

	@Test
	void prepareShouldHoldTheTransactionUntilCommitPrepared() {
		try (TransactionAssembler assembler = assembler(IN_MEMORY)) {
			assembler.append(T, T, message("t1"));
			assembler.append(T, A, message("a1"));
			assembler.prepare(T, "gid-1");
			assertThat(assembler.contains(T)).isTrue();
			assertThatIllegalStateException().isThrownBy(() -> assembler.append(T, T, message("late")))
				.withMessageContaining("gid-1");
			assertThatIllegalStateException().isThrownBy(() -> assembler.abortSubtransaction(T, A));
			assertThatIllegalStateException().isThrownBy(() -> assembler.prepare(T, "gid-1"));
			try (BufferedTransaction transaction = assembler.release(T)) {
				assertThat(transaction.gid()).isEqualTo("gid-1");
				assertThat(texts(transaction)).containsExactly("t1", "a1");
			}
		}
	}

	@Test
	void prepareOfATransactionWithoutChangesShouldRegisterIt() {
		try (TransactionAssembler assembler = assembler(IN_MEMORY)) {
			assembler.prepare(T, "empty");
			assertThat(assembler.contains(T)).isTrue();
			try (BufferedTransaction transaction = assembler.release(T)) {
				assertThat(transaction.gid()).isEqualTo("empty");
				assertThat(transaction.messageCount()).isZero();
			}
		}
	}

	@Test
	void preparedTransactionShouldBeSpilledWhenLargestAndDiscardedOnRollbackPrepared() {
		int size = 200;
		try (TransactionAssembler assembler = assembler(3 * (OVERHEAD + size))) {
			assembler.append(T, T, message(text('t', 0, size)));
			assembler.append(T, T, message(text('t', 1, size)));
			assembler.prepare(T, "big");
			assembler.append(A, A, message(text('a', 0, size)));
			assembler.append(A, A, message(text('a', 1, size)));
			assertThat(assembler.spillFileOf(T)).isNotNull();
			assertThat(assembler.spillFileOf(A)).isNull();
			assembler.discard(T);
			assertThat(assembler.stats().bytesOnDisk()).isZero();
			assertThat(assembler.contains(T)).isFalse();
		}
	}

	@Test
	void appendWhenTheSpillDirectoryCannotBeCreatedShouldThrowAndKeepTheTransaction() throws IOException {
		Path plainFile = Files.writeString(this.tempDir.resolve("plain-file"), "not a directory");
		Path spillDirectory = plainFile.resolve("spill");
		long limit = 2 * (OVERHEAD + 3);
		try (TransactionAssembler assembler = new TransactionAssembler(spillDirectory, limit)) {
			assembler.append(T, T, message("one"));
			assembler.append(T, T, message("two"));
			TransactionAssembler.Stats before = assembler.stats();
			assertThatExceptionOfType(SpillException.class)
				.isThrownBy(() -> assembler.append(T, T, message("three")))
				.satisfies((ex) -> {
					assertThat(ex).hasMessageContaining("transaction 700")
						.hasMessageContaining(spillDirectory.toString());
					assertThat(ex.getXid()).isEqualTo(T);
					assertThat(ex.getPath()).isEqualTo(spillDirectory);
					assertThat(ex.isRetryable()).isTrue();
				});
			assertThat(assembler.stats()).isEqualTo(before);
			// a new transaction whose first append fails is not left behind half-opened
			assertThatExceptionOfType(SpillException.class).isThrownBy(() -> assembler.append(A, A, message("a")));
			assertThat(assembler.contains(A)).isFalse();
			assertThat(releaseTexts(assembler, T)).containsExactly("one", "two");
		}
	}

	@Test
	void writeFailureShouldFailTheTransactionWhenNextUsedAndSpareTheOthers() throws IOException {
		try (TransactionAssembler assembler = assembler(SPILL_ALL)) {
			assembler.append(T, T, message("buffered, not yet written"));
			SpillFile file = assembler.spillFileOf(T);
			assertThat(file).isNotNull();
			// as if the disk were full: every write to this file fails from now on
			file.channel().close();
			// the shared buffer moves on to another transaction, which must not be blamed
			assembler.append(A, A, message("a1"));
			assertThatExceptionOfType(SpillException.class).isThrownBy(() -> assembler.release(T))
				.satisfies((ex) -> {
					assertThat(ex).hasMessageContaining(file.path().toString()).hasMessageContaining("transaction 700");
					assertThat(ex.getXid()).isEqualTo(T);
				});
			assertThatExceptionOfType(SpillException.class).isThrownBy(() -> assembler.append(T, T, message("more")));
			assertThatExceptionOfType(SpillException.class).isThrownBy(() -> assembler.release(T));
			assertThat(assembler.contains(T)).isTrue();
			assembler.discard(T);
			assertThat(assembler.contains(T)).isFalse();
			assertThat(releaseTexts(assembler, A)).containsExactly("a1");
		}
	}

	@Test
	void releaseOfASpillFileCutShortShouldThrowNamingTheFile() throws IOException {
		try (TransactionAssembler assembler = assembler(SPILL_ALL)) {
			assembler.append(T, T, message("first"));
			assembler.append(T, T, message("second"));
			SpillFile file = assembler.spillFileOf(T);
			try (BufferedTransaction transaction = assembler.release(T)) {
				file.channel().truncate(file.length() - 3);
				// a file this small is read in one go, so its end is missed before the first message
				assertThatExceptionOfType(SpillException.class).isThrownBy(() -> texts(transaction))
					.withMessageContaining(file.path().toString())
					.withMessageContaining("transaction 700")
					.withMessageContaining("file ends at byte 16 but 19 bytes were written");
			}
		}
	}

	@Test
	void releaseOfASpillFileWithABadLengthShouldThrowInsteadOfAllocating() throws IOException {
		try (TransactionAssembler assembler = assembler(SPILL_ALL)) {
			assembler.append(T, T, message("first"));
			SpillFile file = assembler.spillFileOf(T);
			try (BufferedTransaction transaction = assembler.release(T)) {
				file.channel().write(ByteBuffer.allocate(4).putInt(0, Integer.MAX_VALUE), 0);
				assertThatExceptionOfType(SpillException.class).isThrownBy(() -> transaction.iterator().next())
					.withMessageContaining("claims " + Integer.MAX_VALUE + " bytes but 5 remain");
			}
		}
	}

	@Test
	void appendOfAMessageOverPostgresLimitShouldThrowProtocolException() throws IOException {
		// a sparse file mapped into memory: a buffer over the limit without taking a gigabyte
		Path sparse = this.tempDir.resolve("sparse");
		try (FileChannel channel = FileChannel.open(sparse, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
				StandardOpenOption.WRITE, StandardOpenOption.SPARSE);
				TransactionAssembler assembler = assembler(IN_MEMORY)) {
			long length = TransactionAssembler.MAX_MESSAGE_BYTES + 1L;
			channel.write(ByteBuffer.allocate(1), length - 1);
			ByteBuffer huge = channel.map(FileChannel.MapMode.READ_ONLY, 0, length);
			assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> assembler.append(T, T, huge))
				.withMessageContaining("exceeds PostgreSQL's limit");
			assertThat(assembler.contains(T)).isFalse();
		}
	}

	@Test
	void spillFilesShouldBeUnlinkedAtOnceAndClosedOnReleaseDiscardAndClose() throws IOException {
		assumeTrue(SpillTestSupport.canCountOpenFiles(), "needs /proc/self/fd");
		Path directory = this.tempDir.resolve("spill");
		BufferedTransaction releasedButOpen;
		try (TransactionAssembler assembler = assembler(SPILL_ALL)) {
			for (long xid = 1; xid <= 4; xid++) {
				assembler.append(xid, xid, message("change of " + xid));
			}
			assertThat(SpillTestSupport.openSpillFiles(directory)).isEqualTo(4);
			// no name left behind that a crash could leak
			assertThat(SpillTestSupport.filesIn(directory)).isZero();
			try (BufferedTransaction transaction = assembler.release(1)) {
				assertThat(texts(transaction)).containsExactly("change of 1");
				assertThat(SpillTestSupport.openSpillFiles(directory)).isEqualTo(4);
			}
			assertThat(SpillTestSupport.openSpillFiles(directory)).isEqualTo(3);
			assembler.discard(2);
			assertThat(SpillTestSupport.openSpillFiles(directory)).isEqualTo(2);
			releasedButOpen = assembler.release(3);
		}
		assertThat(SpillTestSupport.openSpillFiles(directory)).isZero();
		assertThatIllegalStateException().isThrownBy(() -> releasedButOpen.iterator().next());
		releasedButOpen.close();
	}

	@Test
	void spillDirectoryAndFilesShouldBeReadableByTheirOwnerOnly() throws IOException {
		assumeTrue(SpillTestSupport.canCountOpenFiles(), "needs /proc/self/fd");
		Path directory = this.tempDir.resolve("spill");
		try (TransactionAssembler assembler = assembler(SPILL_ALL)) {
			assembler.append(T, T, message("secret"));
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
			Path file = Path.of("/proc/self/fd").resolve(openDescriptorOf(directory));
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		}
	}

	private static String openDescriptorOf(Path directory) throws IOException {
		try (var descriptors = Files.list(Path.of("/proc/self/fd"))) {
			for (Path descriptor : (Iterable<Path>) descriptors::iterator) {
				try {
					if (Files.readSymbolicLink(descriptor).toString().startsWith(directory + "/walstream-xid-700-")) {
						return descriptor.getFileName().toString();
					}
				}
				catch (IOException ex) {
					// the listing's own descriptor, closed meanwhile
				}
			}
		}
		throw new AssertionError("no open spill file in " + directory);
	}

	@Test
	void operationsWithInvalidTransactionIdsShouldThrow() {
		try (TransactionAssembler assembler = assembler(IN_MEMORY)) {
			assertThatIllegalArgumentException().isThrownBy(() -> assembler.append(0, 0, message("x")))
				.withMessageContaining("topXid");
			assertThatIllegalArgumentException().isThrownBy(() -> assembler.append(T, 0, message("x")))
				.withMessageContaining("subXid");
			assertThatIllegalArgumentException().isThrownBy(() -> assembler.append(1L << 32, T, message("x")));
			assertThatIllegalArgumentException().isThrownBy(() -> assembler.release(-1));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> new TransactionAssembler(this.tempDir, -1));
	}

	@Test
	void operationsAfterCloseShouldThrow() {
		TransactionAssembler assembler = assembler(IN_MEMORY);
		assembler.append(T, T, message("x"));
		assembler.close();
		assembler.close();
		assertThat(assembler.contains(T)).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> assembler.append(T, T, message("x")));
		assertThatIllegalStateException().isThrownBy(() -> assembler.release(T));
		assertThatIllegalStateException().isThrownBy(() -> assembler.discard(T));
	}

	private static String text(char prefix, int index, int length) {
		StringBuilder text = new StringBuilder(length).append(prefix).append(index).append(':');
		while (text.length() < length) {
			text.append((char) ('a' + (text.length() * 31 + index) % 26));
		}
		text.setLength(length);
		return text.toString();
	}

}
