package dev.walstream.fault;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * N4: the walsender hangs ({@code kill -STOP}) while a writer commits: the connection stays open
 * and silent. The stream notices within its {@code serverTimeout}, not the operating system's TCP
 * timeout; its reconnection finds the slot still held by the stopped walsender and stands by (never
 * two consumers at once); once the walsender continues ({@code kill -CONT}) it sees its client gone
 * and exits, and the stream takes over and loses and repeats nothing.
 */
@EmbeddedPostgres
class WalsenderHangIT {

	private static final Duration SERVER_TIMEOUT = Duration.ofSeconds(3);

	@TempDir
	Path spill;

	@Test
	void stoppedWalsenderShouldBeDetectedByServerTimeoutAndTakenOverAfterItContinues(PostgresServer server)
			throws Exception {
		String db = Ledger.createDatabase(server);
		String slot = "slot_" + db;
		DeliveryLog log = new DeliveryLog();
		ReplicationStreamConfig config = LedgerConsumer.config(slot, this.spill).serverTimeout(SERVER_TIMEOUT).build();
		LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(server.host(), server.port(), db), config);
		try (Ledger ledger = new Ledger(server, db, 20, Duration.ofMillis(5));
				LedgerConsumer consumer = LedgerConsumer.start(stream, server, db, slot, log)) {
			CompletableFuture<Void> consumption = consumer.runInBackground();
			ledger.start();
			await().atMost(Duration.ofSeconds(20)).until(() -> log.deliveries() >= 20);
			String pid = LedgerConsumer.activePid(server, db, slot);
			assertThat(pid).isNotNull();
			long detectionMillis;
			long takeoverMillis;
			signal("STOP", pid);
			try {
				long stoppedAt = System.nanoTime();
				await().atMost(SERVER_TIMEOUT.plusSeconds(3))
					.until(() -> !stream.status().connected() || stream.status().lastFailure() != null);
				detectionMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
				// the stopped walsender still holds the slot
				await().atMost(Duration.ofSeconds(10)).until(stream::isStandby);
				assertThat(consumption).isNotDone();
			}
			finally {
				signal("CONT", pid);
			}
			long continuedAt = System.nanoTime();
			await().atMost(Duration.ofSeconds(20)).until(() -> stream.status().connected() && !stream.isStandby());
			takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - continuedAt);
			int deliveries = log.deliveries();
			await().atMost(Duration.ofSeconds(20)).until(() -> log.deliveries() > deliveries + 5);
			ledger.stop();
			Map<Integer, List<Long>> truth = ledger.truth();
			consumer.finish(truth);
			consumption.get(90, TimeUnit.SECONDS);
			DeliveryLog.Verdict verdict = log.verify(truth);
			System.out.println("Walsender stopped: noticed after " + detectionMillis + " ms, streaming again "
					+ takeoverMillis + " ms after it continued; reconnects " + stream.status().reconnects() + "; " + verdict);
			assertThat(detectionMillis).as("time to notice the hung walsender").isLessThan(SERVER_TIMEOUT.plusSeconds(2).toMillis());
			assertThat(verdict.violations()).isEmpty();
			assertThat(verdict.duplicates()).isZero();
		}
		finally {
			stream.close();
		}
	}

	static void signal(String signal, String pid) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
		assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(kill.exitValue()).as("kill -%s %s", signal, pid).isZero();
	}

}
