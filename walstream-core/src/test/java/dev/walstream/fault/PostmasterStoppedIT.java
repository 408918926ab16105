package dev.walstream.fault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.walstream.error.ReplicationException;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * N4, the postmaster rather than the walsender: the postmaster is stopped ({@code kill -STOP})
 * under load and the walsender terminated, so every reconnection reaches a listening socket whose
 * server never answers the login. The stream must not hang in a connection attempt: each attempt
 * gives up after its timeout and the next follows with back-off, and after {@code kill -CONT} the
 * stream resumes exactly where the application acknowledged.
 */
class PostmasterStoppedIT {

	private static final Duration SERVER_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration STOPPED = Duration.ofSeconds(10);

	@TempDir
	Path spill;

	@Test
	void stoppedPostmasterShouldNotHangTheReconnectionsAndStreamingShouldResumeExactlyAfterItContinues(
			@EmbeddedPostgres(shared = false) PostgresServer server) throws Exception {
		String db = Ledger.createDatabase(server);
		String slot = "slot_" + db;
		DeliveryLog log = new DeliveryLog();
		ReplicationStreamConfig config = LedgerConsumer.config(slot, this.spill).serverTimeout(SERVER_TIMEOUT).build();
		LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), config);
		String postmaster = Files.readAllLines(server.dataDirectory().resolve("postmaster.pid")).get(0).trim();
		try (Ledger ledger = new Ledger(server, db, 20, Duration.ofMillis(5));
				LedgerConsumer consumer = LedgerConsumer.start(stream, server, db, slot, log)) {
			CompletableFuture<Void> consumption = consumer.runInBackground();
			ledger.start();
			await().atMost(Duration.ofSeconds(20)).until(() -> log.deliveries() >= 20);
			String walsender = LedgerConsumer.activePid(server, db, slot);
			assertThat(walsender).isNotNull();
			long reconnects = stream.status().reconnects();
			List<ReplicationException> failures = new ArrayList<>();
			List<Long> failedAtMillis = new ArrayList<>();
			WalsenderHangIT.signal("STOP", postmaster);
			try {
				WalsenderHangIT.signal("TERM", walsender);
				long stoppedAt = System.nanoTime();
				CompletableFuture<Throwable> freshStart = CompletableFuture.supplyAsync(() -> catchThrowable(() -> {
					try (LogicalReplicationStream fresh = LogicalReplicationStream
						.open(LedgerConsumer.connection(server.host(), server.port(), db), config)) {
						fresh.initialize();
					}
				}));
				while (System.nanoTime() - stoppedAt < STOPPED.toNanos()) {
					ReplicationException failure = stream.status().lastFailure();
					if (failure != null && (failures.isEmpty() || failures.get(failures.size() - 1) != failure)) {
						failures.add(failure);
						failedAtMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt));
					}
					// sampling the stream's state, not synchronisation
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
				}
				assertThat(consumption).isNotDone();
				assertThat(stream.status().connected()).isFalse();
				assertThat(freshStart).as("a new stream's checks over a normal connection, within the login timeout")
					.isCompleted();
				assertThat(freshStart.join()).isInstanceOfSatisfying(ReplicationException.class,
						(failure) -> assertThat(failure.isRetryable()).isTrue());
			}
			finally {
				WalsenderHangIT.signal("CONT", postmaster);
			}
			long continuedAt = System.nanoTime();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> stream.status().connected() && stream.status().reconnects() > reconnects);
			long resumedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - continuedAt);
			int deliveries = log.deliveries();
			await().atMost(Duration.ofSeconds(20)).until(() -> log.deliveries() > deliveries + 5);
			ledger.stop();
			Map<Integer, List<Long>> truth = ledger.truth();
			consumer.finish(truth);
			consumption.get(90, TimeUnit.SECONDS);
			DeliveryLog.Verdict verdict = log.verify(truth);
			System.out.println("Postmaster stopped for " + STOPPED.toSeconds() + " s: failures at ms " + failedAtMillis + " "
					+ failures.stream().map(Throwable::getMessage).toList() + "; streaming again " + resumedMillis
					+ " ms after it continued; " + verdict);
			// the first failure is the terminated walsender; each one after it a login that gave up
			assertThat(failures).as("reconnection attempts that gave up while the postmaster was stopped")
				.hasSizeGreaterThanOrEqualTo(3);
			assertThat(verdict.violations()).isEmpty();
			assertThat(verdict.duplicates()).isZero();
		}
		finally {
			stream.close();
		}
	}

}
