package dev.walstream.fault;

import java.nio.file.Path;
import java.time.Duration;

import dev.walstream.Lsn;
import dev.walstream.error.SlotException;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Fault 7: the slot is dropped, or invalidated because {@code max_slot_wal_keep_size} was exceeded.
 * The stream fails with a {@link SlotException} that is not retried, and never re-creates the slot
 * on its own, which would silently skip every change in between, even when it is allowed to create a
 * missing slot at initialization.
 */
class SlotLossIT {

	@TempDir
	Path spill;

	@Test
	@EmbeddedPostgres
	void droppedSlotShouldFailWithoutRetryAndNotBeRecreated(PostgresServer server) {
		String db = server.createDatabase();
		server.execute(db, Ledger.SCHEMA);
		String slot = "slot_" + db;
		ReplicationStreamConfig config = LedgerConsumer.config(slot, this.spill).createSlot(true).build();
		try (LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), config)) {
			stream.start(null);
			server.execute(db, "INSERT INTO ledger VALUES (1, 1, 'a')");
			assertThat(stream.nextEvent(Duration.ofSeconds(10))).isNotNull();
			await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
				server.execute(db, "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '"
						+ slot + "' AND active_pid IS NOT NULL");
				server.execute(db, "SELECT pg_drop_replication_slot('" + slot + "')");
			});
			server.execute(db, "INSERT INTO ledger VALUES (2, 2, 'b')");
			Throwable failure = catchThrowable(() -> drain(stream, Duration.ofSeconds(15)));
			System.out.println("Dropped slot: " + failure);
			assertThat(failure).isInstanceOfSatisfying(SlotException.class, (ex) -> {
				assertThat(ex.getReason()).isEqualTo(SlotException.Reason.NOT_FOUND);
				assertThat(ex).hasMessageContaining("may be lost");
				assertThat(ex.isRetryable()).isFalse();
				assertThat(ex.getSlotName()).isEqualTo(slot);
			});
			assertThat(slotCount(server, db, slot)).as("slot re-created").isEqualTo("0");
		}
	}

	/**
	 * An application that keeps its own position restarts after its slot was dropped: creating a new
	 * slot would start after the changes made meanwhile, so the stream refuses instead of skipping
	 * them, and says what happened.
	 */
	@Test
	@EmbeddedPostgres
	void slotDroppedWhileStoppedShouldNotBeSilentlyRecreatedForAnApplicationResumingFromItsPosition(
			PostgresServer server) {
		String db = server.createDatabase();
		server.execute(db, Ledger.SCHEMA);
		String slot = "slot_" + db;
		ReplicationStreamConfig config = LedgerConsumer.config(slot, this.spill).createSlot(true).build();
		Lsn resumeFrom;
		try (LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), config)) {
			stream.start(null);
			server.execute(db, "INSERT INTO ledger VALUES (1, 1, 'a')");
			resumeFrom = nextCommitEnd(stream);
			stream.acknowledge(resumeFrom);
		}
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(
				() -> server.execute(db, "SELECT pg_drop_replication_slot('" + slot + "')"));
		server.execute(db, "INSERT INTO ledger VALUES (2, 2, 'made while no slot existed')");
		try (LogicalReplicationStream restarted = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), config)) {
			assertThatExceptionOfType(SlotException.class).isThrownBy(() -> restarted.start(resumeFrom))
				.satisfies((ex) -> {
					assertThat(ex.getReason()).isEqualTo(SlotException.Reason.NOT_FOUND);
					assertThat(ex.isRetryable()).isFalse();
					assertThat(ex).hasMessageContaining("did not exist and was created")
						.hasMessageContaining("resumes from " + resumeFrom)
						.hasMessageContaining("may be lost");
				});
		}
		try (LogicalReplicationStream firstStart = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), config)) {
			firstStart.start(null);
			server.execute(db, "INSERT INTO ledger VALUES (3, 3, 'after')");
			assertThat(nextCommitEnd(firstStart)).as("start(null) streams from the new slot").isNotNull();
		}
	}

	private static Lsn nextCommitEnd(LogicalReplicationStream stream) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() - deadline < 0) {
			ChangeEvent event = stream.nextEvent(Duration.ofMillis(200));
			if (event != null && event.eventType() instanceof EventType.Commit commit) {
				return commit.endLsn();
			}
		}
		throw new AssertionError("no commit within 10 s");
	}

	@Test
	@EmbeddedPostgres(settings = "max_slot_wal_keep_size=1MB")
	void invalidatedSlotShouldFailWithoutRetryAndNotBeRecreated(PostgresServer server) {
		String db = server.createDatabase();
		server.execute(db, Ledger.SCHEMA + "CREATE TABLE filler (id int, pad text);");
		String slot = "slot_" + db;
		ReplicationStreamConfig config = LedgerConsumer.config(slot, this.spill).createSlot(true).build();
		try (LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), config)) {
			stream.start(null);
			server.execute(db, "INSERT INTO ledger VALUES (1, 1, 'a')");
			assertThat(stream.nextEvent(Duration.ofSeconds(10))).isNotNull();
			// the consumer stops reading: the slot holds WAL until the server gives up on it
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				server.execute(db, "INSERT INTO filler SELECT g, repeat('x', 1000) FROM generate_series(1, 3000) g");
				server.execute(db, "SELECT pg_switch_wal()");
				server.execute(db, "CHECKPOINT");
				return "lost".equals(server.queryForString(db,
						"SELECT wal_status FROM pg_replication_slots WHERE slot_name = '" + slot + "'"));
			});
			Throwable failure = catchThrowable(() -> drain(stream, Duration.ofSeconds(15)));
			System.out.println("Invalidated slot, streaming consumer: " + failure);
			assertThat(failure).isInstanceOfSatisfying(SlotException.class, (ex) -> {
				assertThat(ex.getReason()).isEqualTo(SlotException.Reason.INVALIDATED);
				assertThat(ex.isRetryable()).isFalse();
			});
		}
		try (LogicalReplicationStream restarted = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), config)) {
			assertThatExceptionOfType(SlotException.class).isThrownBy(restarted::initialize)
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(SlotException.Reason.INVALIDATED))
				.withMessageContaining("changes were lost");
		}
		assertThat(server.queryForString(db,
				"SELECT wal_status FROM pg_replication_slots WHERE slot_name = '" + slot + "'"))
			.as("the lost slot stays for a human to look at")
			.isEqualTo("lost");
	}

	/** Reads until the stream fails, or for at most {@code timeout}. */
	private static void drain(LogicalReplicationStream stream, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() - deadline < 0) {
			ChangeEvent event = stream.nextEvent(Duration.ofMillis(200));
			if (event != null) {
				stream.acknowledge(event.lsn());
			}
		}
	}

	private static String slotCount(PostgresServer server, String db, String slot) {
		return server.queryForString(db, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
	}

}
