package dev.walstream.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 1: the walsender is terminated ({@code pg_terminate_backend}) again and again while a writer
 * commits transactions, often in the middle of one: the stream reconnects with back-off each time,
 * resumes after the last acknowledged transaction, and delivers every committed transaction once,
 * whole and in commit order.
 */
@EmbeddedPostgres(settings = "logical_decoding_work_mem=64kB")
class WalsenderTerminationIT {

	private static final int TERMINATIONS = 25;

	@TempDir
	Path spill;

	@Test
	void walsenderTerminatedManyTimesUnderLoadShouldLoseAndRepeatNothing(PostgresServer server) throws Exception {
		String db = server.createDatabase();
		server.execute(db, Ledger.SCHEMA);
		String slot = "slot_" + db;
		DeliveryLog log = new DeliveryLog();
		LogicalReplicationStream stream = LogicalReplicationStream.open(
				LedgerConsumer.connection(server.host(), server.port(), db),
				LedgerConsumer.config(slot, this.spill).build());
		List<Long> reconnectMillis = new ArrayList<>();
		try (Ledger ledger = new Ledger(server, db, 50, Duration.ofMillis(2));
				LedgerConsumer consumer = LedgerConsumer.start(stream, server, db, slot, log)) {
			CompletableFuture<Void> consumption = consumer.runInBackground();
			ledger.start();
			for (int i = 0; i < TERMINATIONS; i++) {
				int deliveries = log.deliveries();
				await().atMost(Duration.ofSeconds(20)).until(() -> log.deliveries() > deliveries + 2);
				long reconnects = stream.status().reconnects();
				String terminated = server.queryForString(db, "SELECT count(pg_terminate_backend(active_pid)) "
						+ "FROM pg_replication_slots WHERE slot_name = '" + slot + "' AND active_pid IS NOT NULL");
				if ("1".equals(terminated)) {
					long start = System.nanoTime();
					await().atMost(Duration.ofSeconds(10)).until(() -> stream.status().reconnects() > reconnects);
					reconnectMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
				}
				assertThat(consumption).isNotDone();
			}
			ledger.stop();
			Map<Integer, List<Long>> truth = ledger.truth();
			consumer.finish(truth);
			consumption.get(90, TimeUnit.SECONDS);
			DeliveryLog.Verdict verdict = log.verify(truth);
			System.out.println("Walsender terminations: " + reconnectMillis.size() + ", reconnect ms " + reconnectMillis
					+ "; indeterminate commits " + ledger.indeterminate() + "; " + verdict);
			assertThat(reconnectMillis).hasSizeGreaterThan(TERMINATIONS / 2).allSatisfy((millis) -> assertThat(millis)
				.as("reconnection time").isLessThan(5_000));
			assertThat(verdict.violations()).isEmpty();
			assertThat(verdict.duplicates()).isZero();
			assertThat(verdict.delivered()).isGreaterThan(TERMINATIONS * 2);
		}
		finally {
			stream.close();
		}
	}

}
