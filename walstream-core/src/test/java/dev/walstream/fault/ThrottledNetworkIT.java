package dev.walstream.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.walstream.Lsn;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import dev.walstream.testing.ServerLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * N7: a slow link between consumer and server: 200 ms of delay on every chunk either way and
 * 64 kB/s from the server, while a writer produces more than that. The server runs with
 * {@code wal_sender_timeout=2s}: status updates still reach it in time, so it never terminates the
 * walsender and the stream never reconnects; the lag grows while the writer writes and recovers
 * once it stops; nothing is lost or repeated.
 */
@EmbeddedPostgres(settings = "wal_sender_timeout=2s")
class ThrottledNetworkIT {

	private static final long BYTES_PER_SECOND = 64 * 1024;

	@TempDir
	Path spill;

	@Test
	void throttledLinkShouldNotTimeOutTheWalsenderAndTheLagShouldRecover(PostgresServer server) throws Exception {
		String db = server.createDatabase();
		server.execute(db, Ledger.SCHEMA);
		String slot = "slot_" + db;
		ServerLog serverLog = server.log().fromNow();
		DeliveryLog log = new DeliveryLog();
		FaultProxy proxy = FaultProxy.start(server.host(), server.port());
		ReplicationStreamConfig config = LedgerConsumer.config(slot, this.spill).serverTimeout(Duration.ofSeconds(10)).build();
		LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(proxy.host(), proxy.port(), db), config);
		AtomicLong maxLagBytes = new AtomicLong();
		ScheduledExecutorService lagSampler = Executors.newSingleThreadScheduledExecutor();
		try (Ledger ledger = new Ledger(server, db, 10, Duration.ofMillis(10));
				LedgerConsumer consumer = LedgerConsumer.start(stream, server, db, slot, log);
				FaultProxy network = proxy) {
			CompletableFuture<Void> consumption = consumer.runInBackground();
			proxy.throttle(Duration.ofMillis(200), BYTES_PER_SECOND);
			lagSampler.scheduleWithFixedDelay(() -> maxLagBytes.accumulateAndGet(lagBytes(server, db, slot), Math::max),
					100, 100, TimeUnit.MILLISECONDS);
			long bytesBefore = proxy.bytesFromServer();
			long start = System.nanoTime();
			ledger.start();
			// the length of the load, not synchronisation
			Thread.sleep(TimeUnit.SECONDS.toMillis(5));
			ledger.stop();
			Lsn quiesced = Lsn.parse(server.queryForString(db, "SELECT pg_current_wal_lsn()::text"));
			long stoppedAt = System.nanoTime();
			Map<Integer, List<Long>> truth = ledger.truth();
			consumer.finish(truth);
			consumption.get(90, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> !LedgerConsumer.confirmedFlush(server, db, slot).isBefore(quiesced));
			long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
			double seconds = (System.nanoTime() - start) / 1e9;
			long rate = Math.round((proxy.bytesFromServer() - bytesBefore) / seconds);
			DeliveryLog.Verdict verdict = log.verify(truth);
			System.out.println("Throttled link: " + rate + " B/s from the server, lag at most " + maxLagBytes.get()
					+ " bytes, recovered " + recoveryMillis + " ms after the writer stopped; reconnects "
					+ stream.status().reconnects() + "; " + verdict);
			assertThat(rate).as("the throttle held").isLessThanOrEqualTo(BYTES_PER_SECOND * 11 / 10);
			assertThat(maxLagBytes.get()).as("the link was the bottleneck").isGreaterThan(32 * 1024);
			assertThat(stream.status().reconnects()).isZero();
			assertThat(serverLog.text()).doesNotContain("replication timeout");
			assertThat(verdict.violations()).isEmpty();
			assertThat(verdict.duplicates()).isZero();
		}
		finally {
			lagSampler.shutdownNow();
			proxy.close();
			stream.close();
		}
	}

	private static long lagBytes(PostgresServer server, String db, String slot) {
		try {
			String lag = server.queryForString(db, "SELECT pg_current_wal_lsn() - confirmed_flush_lsn "
					+ "FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
			return (lag != null) ? (long) Double.parseDouble(lag) : 0;
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

}
