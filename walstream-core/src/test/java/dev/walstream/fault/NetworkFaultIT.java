package dev.walstream.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * Faults of the network between consumer and server, injected by a {@link FaultProxy}: a blackhole
 * (nothing arrives, nothing is closed) in the middle of a message, and connections reset at random
 * byte offsets. The stream notices a dead connection within its {@code serverTimeout}, reconnects
 * once the network heals, and loses and repeats nothing.
 */
@EmbeddedPostgres
class NetworkFaultIT {

	private static final Duration SERVER_TIMEOUT = Duration.ofSeconds(3);

	@TempDir
	Path spill;

	@Test
	void blackholeMidMessageShouldBeDetectedWithinServerTimeoutAndHealedWithoutLoss(PostgresServer server)
			throws Exception {
		String db = server.createDatabase();
		server.execute(db, Ledger.SCHEMA);
		String slot = "slot_" + db;
		DeliveryLog log = new DeliveryLog();
		FaultProxy proxy = FaultProxy.start(server.host(), server.port());
		ReplicationStreamConfig config = LedgerConsumer.config(slot, this.spill).serverTimeout(SERVER_TIMEOUT).build();
		LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(proxy.host(), proxy.port(), db), config);
		try (Ledger ledger = new Ledger(server, db, 20, Duration.ofMillis(5));
				LedgerConsumer consumer = LedgerConsumer.start(stream, server, db, slot, log);
				// closed first, so that nothing waits on a stalled connection
				FaultProxy network = proxy) {
			CompletableFuture<Void> consumption = consumer.runInBackground();
			ledger.start();
			await().atMost(Duration.ofSeconds(20)).until(() -> log.deliveries() >= 20);
			// 7 bytes into the next chunk from the server: inside a CopyData header or payload
			proxy.stallAfter(7);
			await().atMost(Duration.ofSeconds(10)).until(proxy::isBlackholed);
			long stalledAt = System.nanoTime();
			await().atMost(SERVER_TIMEOUT.plusSeconds(3))
				.until(() -> !stream.status().connected() || stream.status().lastFailure() != null);
			Duration detection = Duration.ofNanos(System.nanoTime() - stalledAt);
			assertThat(detection).as("time to notice the blackhole").isLessThan(SERVER_TIMEOUT.plusSeconds(2));
			proxy.heal();
			await().atMost(Duration.ofSeconds(30)).until(() -> stream.status().reconnects() >= 1);
			await().atMost(Duration.ofSeconds(20)).until(() -> stream.status().connected());
			ledger.stop();
			Map<Integer, List<Long>> truth = ledger.truth();
			consumer.finish(truth);
			consumption.get(90, TimeUnit.SECONDS);
			DeliveryLog.Verdict verdict = log.verify(truth);
			System.out.println("Blackhole: noticed after " + detection.toMillis() + " ms; " + verdict);
			assertThat(verdict.violations()).isEmpty();
			assertThat(verdict.duplicates()).isZero();
		}
		finally {
			proxy.close();
			stream.close();
		}
	}

	@Test
	void connectionsResetAtRandomByteOffsetsShouldLoseAndRepeatNothing(PostgresServer server) throws Exception {
		String db = server.createDatabase();
		server.execute(db, Ledger.SCHEMA);
		String slot = "slot_" + db;
		DeliveryLog log = new DeliveryLog();
		FaultProxy proxy = FaultProxy.start(server.host(), server.port());
		ReplicationStreamConfig config = LedgerConsumer.config(slot, this.spill).serverTimeout(SERVER_TIMEOUT).build();
		LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(proxy.host(), proxy.port(), db), config);
		Random random = new Random(42);
		try (Ledger ledger = new Ledger(server, db, 20, Duration.ofMillis(2));
				LedgerConsumer consumer = LedgerConsumer.start(stream, server, db, slot, log);
				// closed first, so that nothing waits on a stalled connection
				FaultProxy network = proxy) {
			CompletableFuture<Void> consumption = consumer.runInBackground();
			ledger.start();
			int resets = 10;
			for (int i = 0; i < resets; i++) {
				int deliveries = log.deliveries();
				await().atMost(Duration.ofSeconds(20)).until(() -> log.deliveries() > deliveries + 3);
				proxy.cutAfter(1 + random.nextInt(20_000));
				await().atMost(Duration.ofSeconds(20)).until(() -> !proxy.cutPending());
				assertThat(consumption).isNotDone();
			}
			ledger.stop();
			Map<Integer, List<Long>> truth = ledger.truth();
			consumer.finish(truth);
			consumption.get(90, TimeUnit.SECONDS);
			DeliveryLog.Verdict verdict = log.verify(truth);
			System.out.println("Resets: " + proxy.cuts() + " cuts, " + stream.status().reconnects() + " reconnects; "
					+ verdict);
			assertThat(proxy.cuts()).isEqualTo(resets);
			assertThat(stream.status().reconnects()).isGreaterThanOrEqualTo(resets);
			assertThat(verdict.violations()).isEmpty();
			assertThat(verdict.duplicates()).isZero();
		}
		finally {
			proxy.close();
			stream.close();
		}
	}

}
