package dev.walstream.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.walstream.Lsn;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the slot confirms, at the edges: while a streamed transaction is being handed over, when the
 * stream is closed in the middle of a transaction (N9), and when a consumer asks to start behind
 * the slot (N24).
 */
@EmbeddedPostgres(settings = "logical_decoding_work_mem=64kB")
class AcknowledgementIT {

	@TempDir
	Path spill;

	/**
	 * A streamed transaction is handed over from the assembler once its stream commit arrived; until
	 * the application acknowledges it, the slot must not confirm past it, or a consumer that dies
	 * while handling it never gets it again.
	 */
	@Test
	void streamedTransactionBeingHandedOverShouldNotBeConfirmedBeforeItIsAcknowledged(PostgresServer server) {
		String db = server.createDatabase();
		server.execute(db, Ledger.SCHEMA);
		String slot = "slot_" + db;
		try (LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), LedgerConsumer.config(slot, this.spill).build())) {
			stream.initialize();
			stream.start(null);
			server.execute(db, "INSERT INTO ledger VALUES (1, 1, 'small')");
			Lsn first = readUntilCommit(stream, new ArrayList<>());
			stream.acknowledge(first);
			await().atMost(Duration.ofSeconds(10)).until(() -> first.equals(LedgerConsumer.confirmedFlush(server, db, slot)));
			// far more than logical_decoding_work_mem: streamed before it commits
			server.execute(db, "INSERT INTO ledger SELECT g, 2, repeat(md5(g::text), 3) FROM generate_series(2, 3001) g");
			ChangeEvent begin = stream.nextEvent(Duration.ofSeconds(30));
			assertThat(begin).isNotNull();
			assertThat(begin.eventType()).isInstanceOf(EventType.Begin.class);
			// the application is busy with the transaction for 2 s; status updates go on meanwhile
			List<Lsn> whileHandedOver = new ArrayList<>();
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(3))
				.until(() -> whileHandedOver.add(LedgerConsumer.confirmedFlush(server, db, slot)));
			List<Long> rows = new ArrayList<>();
			Lsn second = readUntilCommit(stream, rows);
			assertThat(rows).hasSize(3000);
			// the slot may have followed the server into the transaction while it was being streamed
			// (it commits later, so it comes again whole), but never to its commit
			assertThat(whileHandedOver).as("slot while the streamed transaction is handed over")
				.isNotEmpty()
				.allSatisfy((confirmed) -> assertThat(confirmed).isLessThan(second));
			stream.acknowledge(second);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> !LedgerConsumer.confirmedFlush(server, db, slot).isBefore(second));
		}
	}

	/**
	 * N9: the stream is closed from another thread while the application is in the middle of a
	 * transaction. The final status update carries the last acknowledgement, so the slot stands at
	 * the last acknowledged commit, not before it and not past it; the next stream delivers the
	 * half-delivered transaction again, whole.
	 */
	@Test
	void closeFromAnotherThreadMidTransactionShouldSendTheLastAcknowledgementAndLeaveTheRestToCome(
			PostgresServer server) throws Exception {
		String db = server.createDatabase();
		server.execute(db, Ledger.SCHEMA);
		String slot = "slot_" + db;
		// status updates every 20 s (a third of wal_sender_timeout): close() sends the acknowledgement
		ReplicationStreamConfig config = LedgerConsumer.config(slot, this.spill).feedbackInterval(Duration.ofMinutes(1)).build();
		Lsn acknowledged;
		try (LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), config)) {
			stream.initialize();
			stream.start(null);
			server.execute(db, "INSERT INTO ledger SELECT g, 1, 'first' FROM generate_series(1, 10) g");
			server.execute(db, "INSERT INTO ledger SELECT g, 2, 'second' FROM generate_series(11, 60) g");
			acknowledged = readUntilCommit(stream, new ArrayList<>());
			stream.acknowledge(acknowledged);
			ChangeEvent begin = stream.nextEvent(Duration.ofSeconds(10));
			assertThat(begin).isNotNull();
			assertThat(begin.eventType()).isInstanceOf(EventType.Begin.class);
			for (int i = 0; i < 20; i++) {
				assertThat(stream.nextEvent(Duration.ofSeconds(10))).isNotNull();
			}
			assertThat(stream.status().buffers()).as("the reader's transaction buffers while streaming").isNotNull();
			long start = System.nanoTime();
			CompletableFuture.runAsync(stream::close).get(10, TimeUnit.SECONDS);
			System.out.println("close() mid-transaction took " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
					+ " ms");
			assertThat(stream.nextEvent(Duration.ofSeconds(1))).as("the rest of the transaction, after close()").isNull();
			assertThat(stream.status().buffers()).as("buffers released by the reader's next call").isNull();
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "0".equals(server.queryForString(db,
					"SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "' AND active")));
		assertThat(LedgerConsumer.confirmedFlush(server, db, slot)).as("the slot after close()").isEqualTo(acknowledged);
		try (LogicalReplicationStream next = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), config)) {
			next.start(null);
			List<Long> rows = new ArrayList<>();
			readUntilCommit(next, rows);
			assertThat(rows).as("the half-delivered transaction, again and whole").hasSize(50).startsWith(11L).endsWith(60L);
		}
	}

	/**
	 * N24: a consumer whose own store is behind the slot asks to start there; PostgreSQL silently
	 * starts at the slot's confirmed position, so the stream says so in a warning that names both
	 * positions.
	 */
	@Test
	void startBehindTheSlotShouldLogAWarningNamingBothPositions(PostgresServer server) {
		String db = server.createDatabase();
		server.execute(db, Ledger.SCHEMA);
		String slot = "slot_" + db;
		ReplicationStreamConfig config = LedgerConsumer.config(slot, this.spill).build();
		Lsn firstEnd;
		Lsn secondEnd;
		try (LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), config)) {
			stream.start(null);
			server.execute(db, "INSERT INTO ledger VALUES (1, 1, 'a')");
			server.execute(db, "INSERT INTO ledger VALUES (2, 2, 'b')");
			firstEnd = readUntilCommit(stream, new ArrayList<>());
			secondEnd = readUntilCommit(stream, new ArrayList<>());
			stream.acknowledge(secondEnd);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> secondEnd.equals(LedgerConsumer.confirmedFlush(server, db, slot)));
		}
		Logger logger = (Logger) LoggerFactory.getLogger(LogicalReplicationStream.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try (LogicalReplicationStream behind = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), config)) {
			behind.initialize();
			behind.start(firstEnd);
			server.execute(db, "INSERT INTO ledger VALUES (3, 3, 'c')");
			List<Long> rows = new ArrayList<>();
			readUntilCommit(behind, rows);
			assertThat(rows).as("PostgreSQL starts at the slot, not where asked").containsExactly(3L);
		}
		finally {
			logger.detachAppender(appender);
		}
		assertThat(appender.list).filteredOn((event) -> event.getLevel() == Level.WARN)
			.singleElement()
			.satisfies((event) -> assertThat(event.getFormattedMessage()).contains(slot)
				.contains(firstEnd.toString())
				.contains(secondEnd.toString())
				.contains("not resend"));
	}

	/** Reads events until a commit, collecting the ledger's seqs; returns the commit's end LSN. */
	static Lsn readUntilCommit(LogicalReplicationStream stream, List<Long> rows) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() - deadline < 0) {
			ChangeEvent event = stream.nextEvent(Duration.ofMillis(200));
			if (event == null) {
				continue;
			}
			if (event.eventType() instanceof EventType.Insert insert) {
				rows.add(insert.data().get("seq", Long.class));
			}
			else if (event.eventType() instanceof EventType.Commit commit) {
				return commit.endLsn();
			}
		}
		throw new AssertionError("No commit within 30 s; rows so far " + rows.size());
	}

}
