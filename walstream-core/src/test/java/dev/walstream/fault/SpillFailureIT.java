package dev.walstream.fault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.walstream.Lsn;
import dev.walstream.error.SpillException;
import dev.walstream.event.ChangeEvent;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * N20: the spill directory cannot be written when a large streamed transaction must spill (a file
 * stands where the directory should be: the tests run as root, so permissions would not stop
 * them). The stream fails the transaction with a retryable {@link SpillException}, delivers and
 * acknowledges nothing of it and keeps retrying; once the directory can be created, the retry
 * delivers the transaction whole and the slot moves on.
 */
@EmbeddedPostgres(settings = "logical_decoding_work_mem=64kB")
class SpillFailureIT {

	@TempDir
	Path directory;

	@Test
	void unwritableSpillDirectoryShouldFailWithoutAcknowledgingAndSucceedOnceItIsWritable(PostgresServer server)
			throws Exception {
		String db = server.createDatabase();
		server.execute(db, Ledger.SCHEMA);
		String slot = "slot_" + db;
		Path spill = this.directory.resolve("spill");
		Files.writeString(spill, "a file where the spill directory should be");
		try (LogicalReplicationStream stream = LogicalReplicationStream.open(
				LedgerConsumer.connection(server.host(), server.port(), db),
				LedgerConsumer.config(slot, spill).spillThresholdBytes(64 * 1024).build())) {
			stream.start(null);
			server.execute(db, "INSERT INTO ledger VALUES (1, 1, 'small')");
			Lsn first = AcknowledgementIT.readUntilCommit(stream, new ArrayList<>());
			stream.acknowledge(first);
			await().atMost(Duration.ofSeconds(10)).until(() -> first.equals(LedgerConsumer.confirmedFlush(server, db, slot)));
			server.execute(db, "INSERT INTO ledger SELECT g, 2, repeat(md5(g::text), 3) FROM generate_series(2, 3001) g");
			List<ChangeEvent> whileFailing = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (!(stream.status().lastFailure() instanceof SpillException) && System.nanoTime() - deadline < 0) {
				ChangeEvent event = stream.nextEvent(Duration.ofMillis(100));
				if (event != null) {
					whileFailing.add(event);
				}
			}
			SpillException failure = (SpillException) stream.status().lastFailure();
			System.out.println("Spill directory unwritable: " + failure);
			assertThat(failure).isNotNull();
			assertThat(failure.isRetryable()).isTrue();
			// a few more retries while it stays broken
			long retryUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
			while (System.nanoTime() - retryUntil < 0) {
				ChangeEvent event = stream.nextEvent(Duration.ofMillis(100));
				if (event != null) {
					whileFailing.add(event);
				}
			}
			long reconnectsWhileBroken = stream.status().reconnects();
			assertThat(whileFailing).as("nothing of the transaction delivered while it cannot spill").isEmpty();
			// the slot may follow the server into the transaction (it commits later, so it comes whole), never past it
			Lsn slotWhileBroken = LedgerConsumer.confirmedFlush(server, db, slot);
			Files.delete(spill);
			List<Long> rows = new ArrayList<>();
			Lsn second = AcknowledgementIT.readUntilCommit(stream, rows);
			System.out.println("Spill directory fixed after " + reconnectsWhileBroken + " reconnections: " + rows.size()
					+ " rows delivered");
			assertThat(reconnectsWhileBroken).isPositive();
			assertThat(rows).hasSize(3000).startsWith(2L).endsWith(3001L);
			assertThat(slotWhileBroken).as("slot while the transaction could not spill").isLessThan(second);
			assertThat(stream.status().buffers().transactionsSpilled()).isPositive();
			stream.acknowledge(second);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> !LedgerConsumer.confirmedFlush(server, db, slot).isBefore(second));
		}
	}

}
