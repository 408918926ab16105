package dev.walstream.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import dev.walstream.testing.ShutdownMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 2: the server restarts while a writer commits and the stream consumes: once with a fast
 * shutdown, twice crashed with an immediate one (after which the slot may go back to its last
 * checkpoint and the server resend transactions the consumer acknowledged: the stream drops what it
 * delivered already). Every committed transaction arrives once, whole and in commit order; commits
 * cut off by the crash arrive if and only if the database kept them.
 */
class ServerRestartIT {

	@TempDir
	Path spill;

	@Test
	void serverRestartedFastAndCrashedWhileStreamingShouldLoseAndRepeatNothing(
			@EmbeddedPostgres(shared = false) PostgresServer server) throws Exception {
		String db = server.createDatabase();
		server.execute(db, Ledger.SCHEMA);
		String slot = "slot_" + db;
		DeliveryLog log = new DeliveryLog();
		LogicalReplicationStream stream = LogicalReplicationStream.open(
				LedgerConsumer.connection(server.host(), server.port(), db),
				LedgerConsumer.config(slot, this.spill).build());
		try (Ledger ledger = new Ledger(server, db, 20, Duration.ofMillis(2));
				LedgerConsumer consumer = LedgerConsumer.start(stream, server, db, slot, log)) {
			CompletableFuture<Void> consumption = consumer.runInBackground();
			ledger.start();
			for (ShutdownMode mode : List.of(ShutdownMode.FAST, ShutdownMode.IMMEDIATE, ShutdownMode.IMMEDIATE)) {
				int deliveries = log.deliveries();
				await().atMost(Duration.ofSeconds(30)).until(() -> log.deliveries() > deliveries + 20);
				long reconnects = stream.status().reconnects();
				long start = System.nanoTime();
				server.restart(mode);
				System.out.println("Restart " + mode + " took " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
						+ " ms");
				await().atMost(Duration.ofSeconds(30)).until(() -> stream.status().reconnects() > reconnects);
				assertThat(consumption).isNotDone();
			}
			int deliveries = log.deliveries();
			await().atMost(Duration.ofSeconds(30)).until(() -> log.deliveries() > deliveries + 20);
			ledger.stop();
			Map<Integer, List<Long>> truth = ledger.truth();
			consumer.finish(truth);
			consumption.get(90, TimeUnit.SECONDS);
			DeliveryLog.Verdict verdict = log.verify(truth);
			System.out.println("Server restarts: reconnects " + stream.status().reconnects() + ", indeterminate commits "
					+ ledger.indeterminate() + "; " + verdict);
			assertThat(verdict.violations()).isEmpty();
			assertThat(verdict.duplicates()).isZero();
		}
		finally {
			stream.close();
		}
	}

}
