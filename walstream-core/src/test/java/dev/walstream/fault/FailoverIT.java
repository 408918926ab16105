package dev.walstream.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.walstream.Lsn;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PgVersion;
import dev.walstream.testing.PostgresServer;
import dev.walstream.testing.PostgresServers;
import dev.walstream.testing.ShutdownMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Fault N26: the primary crashes and its standby is promoted while a writer commits and the stream
 * consumes through an address that moves to the new primary (a proxy standing for a virtual IP or a
 * DNS name). The stream's slot was created with {@code failover}; the standby synchronizes it
 * ({@code sync_replication_slots}), and the primary's {@code synchronized_standby_slots} keeps the
 * slot's walsender from sending what the standby has not received, so the consumer never sees a
 * transaction that the failover loses. The stream reconnects to the new primary and resumes from the
 * synchronized slot: every transaction the new primary holds arrives once, whole and in commit
 * order; commits the old primary confirmed but never sent to the standby exist nowhere and are
 * never delivered.
 */
@EmbeddedPostgres
class FailoverIT {

	private static final String STANDBY_SLOT = "failover_standby";

	@TempDir
	Path spill;

	@ParameterizedTest
	@EnumSource(PgVersion.class)
	void primaryCrashedAndStandbyPromotedShouldLoseNothingTheNewPrimaryHolds(PgVersion version,
			PostgresServers servers) throws Exception {
		assumeTrue(version.major() >= 17, "Failover slots (sync_replication_slots, synchronized_standby_slots) need"
				+ " PostgreSQL 17 or later; PostgreSQL " + version.major() + " cannot keep a logical slot across a"
				+ " failover");
		PostgresServer primary = servers
			.startOwn(PostgresServer.builder(version).setting("synchronized_standby_slots", STANDBY_SLOT));
		String db = primary.createDatabase();
		primary.execute(db, Ledger.SCHEMA);
		String slot = "slot_" + db;
		DeliveryLog log = new DeliveryLog();
		// the new primary must not wait for a standby of its own, which it does not have
		try (PostgresServer standby = primary.startStandby(STANDBY_SLOT, "hot_standby_feedback=on",
				"sync_replication_slots=on", "synchronized_standby_slots=");
				FaultProxy address = FaultProxy.start(primary.host(), primary.port())) {
			LogicalReplicationStream stream = LogicalReplicationStream.open(
					LedgerConsumer.connection(address.host(), address.port(), db),
					LedgerConsumer.config(slot, this.spill).failoverSlot(true).build());
			try (Ledger ledger = new Ledger(primary, db, 20, Duration.ofMillis(2));
					LedgerConsumer consumer = LedgerConsumer.start(stream, primary, db, slot, log)) {
				CompletableFuture<Void> consumption = consumer.runInBackground();
				ledger.start();
				await().atMost(Duration.ofSeconds(20)).until(() -> log.deliveries() > 100);
				await().atMost(Duration.ofSeconds(20)).until(() -> isReadyForFailover(primary, standby, slot));
				long reconnects = stream.status().reconnects();
				Lsn acknowledgedAtCrash = stream.status().lastReportedFlushLsn();
				long start = System.nanoTime();
				primary.stop(ShutdownMode.IMMEDIATE);
				standby.promote();
				ledger.moveTo(standby);
				address.divert(standby.host(), standby.port(), address.connectionsAccepted());
				long promotedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				Lsn synced = LedgerConsumer.confirmedFlush(standby, db, slot);
				assertThat(synced).as("the slot on the promoted standby").isNotNull();
				// the synced slot must not be ahead of what the consumer acknowledged: checked with the others
				LedgerConsumer.sampleSlot(standby, db, slot, log);
				await().atMost(Duration.ofSeconds(20)).until(() -> stream.status().reconnects() > reconnects);
				long resumedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				int deliveries = log.deliveries();
				await().atMost(Duration.ofSeconds(20)).until(() -> log.deliveries() > deliveries + 100);
				ledger.stop();
				Map<Integer, List<Long>> truth = ledger.truth();
				consumer.finish(truth);
				consumption.get(60, TimeUnit.SECONDS);
				LedgerConsumer.sampleSlot(standby, db, slot, log);
				DeliveryLog.Verdict verdict = log.verify(truth);
				List<Integer> lost = ledger.committedButMissing(truth);
				System.out.println("Failover on PostgreSQL " + standby.serverVersion() + ": promoted after "
						+ promotedMillis + " ms, streaming again after " + resumedMillis + " ms; acknowledged "
						+ acknowledgedAtCrash + " at the crash, synced slot at " + synced + " ("
						+ acknowledgedAtCrash.minus(Objects.requireNonNull(synced)) + " bytes behind); commits lost with the old primary "
						+ lost + ", indeterminate " + ledger.indeterminate() + "; " + verdict);
				assertThat(verdict.violations()).isEmpty();
				assertThat(verdict.duplicates()).isZero();
				assertThat(verdict.delivered()).isEqualTo(truth.size());
			}
		}
	}

	/**
	 * The documented check before a planned failover: the standby holds the slot, synchronized, no
	 * longer temporary and valid. The standby keeps a synchronized slot only once the primary's has
	 * moved its catalog xmin past the standby's own, which happens when the slot decodes a snapshot
	 * of running transactions: the background writer logs one every 15 s, the test asks for one now.
	 */
	private static boolean isReadyForFailover(PostgresServer primary, PostgresServer standby, String slot) {
		primary.execute("SELECT pg_log_standby_snapshot()");
		return "t".equals(standby.queryForString("SELECT synced AND NOT temporary AND invalidation_reason IS NULL"
				+ " FROM pg_replication_slots WHERE slot_name = '" + slot + "'"));
	}

}
