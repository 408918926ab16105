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
 * N3: the server restarts with a fast shutdown while the application holds a transaction it has
 * only partly read and not acknowledged, and does not call the stream at all. At shutdown a logical
 * walsender waits until its client reports as flushed everything it sent; the stream reports only
 * what the application acknowledged, so the shutdown must not wait for the application. The
 * restart finishes within seconds, the stream reconnects, and the held transaction arrives whole and
 * once.
 */
class FastShutdownWhileBlockedIT {

	private static final int ROWS = 50;

	@TempDir
	Path spill;

	@Test
	void fastRestartWhileTheApplicationHoldsATransactionShouldNotWaitForTheApplication(
			@EmbeddedPostgres(shared = false) PostgresServer server) throws Exception {
		String db = Ledger.createDatabase(server);
		String slot = "slot_" + db;
		DeliveryLog log = new DeliveryLog();
		LogicalReplicationStream stream = LogicalReplicationStream.open(
				LedgerConsumer.connection(server.host(), server.port(), db),
				LedgerConsumer.config(slot, this.spill).build());
		try (Ledger ledger = new Ledger(server, db, ROWS, Duration.ZERO);
				LedgerConsumer consumer = LedgerConsumer.start(stream, server, db, slot, log)) {
			ledger.write(3);
			// two whole transactions (Begin, rows, Commit), then the Begin and ten rows of the third
			consumer.handleEvents(2 * (ROWS + 2) + 11, Duration.ofSeconds(20));
			long reconnects = stream.status().reconnects();
			// the application is busy: nobody calls the stream while the server restarts
			long start = System.nanoTime();
			CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> server.restart(ShutdownMode.FAST));
			await().atMost(Duration.ofSeconds(30)).until(restart::isDone);
			long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			restart.get();
			ledger.write(3);
			Map<Integer, List<Long>> truth = ledger.truth();
			consumer.consumeUntilComplete(truth, Duration.ofSeconds(30));
			DeliveryLog.Verdict verdict = log.verify(truth);
			System.out.println("Fast restart while the application holds a transaction: " + restartMillis
					+ " ms; reconnects " + stream.status().reconnects() + "; " + verdict);
			assertThat(restartMillis).as("fast restart while the application holds a transaction")
				.isLessThan(Duration.ofSeconds(15).toMillis());
			assertThat(stream.status().reconnects()).isGreaterThan(reconnects);
			assertThat(verdict.violations()).isEmpty();
			assertThat(verdict.duplicates()).isZero();
			assertThat(verdict.committed()).isEqualTo(ledger.committed()).isGreaterThanOrEqualTo(5);
		}
		finally {
			stream.close();
		}
	}

}
