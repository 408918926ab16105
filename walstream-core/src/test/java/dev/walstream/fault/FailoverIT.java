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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Fault N26: failover to a promoted standby while a writer commits and the stream consumes. The
 * stream's slot was created with {@code failover}; the standby synchronizes it
 * ({@code sync_replication_slots}), and the primary's {@code synchronized_standby_slots} keeps the
 * slot's walsender from sending what the standby has not received, so that no consumer sees a
 * transaction the failover loses, and the synchronized slot is never ahead of the standby.
 *
 * <p>
 * What the new primary holds is the truth: every transaction of it arrives, whole and in commit
 * order; commits the old primary confirmed but never sent to the standby exist nowhere and are never
 * delivered. A stream that lives through the failover repeats nothing (it resumes from the position
 * it acknowledged); a consumer that starts afresh on the new primary resumes from the synchronized
 * slot, which may lag, so it may see again what it acknowledged above that position, never below.
 */
@EmbeddedPostgres
class FailoverIT {

	private static final String STANDBY_SLOT = "failover_standby";

	@TempDir
	Path spill;

	/**
	 * The primary crashes, the address the stream connects to moves to the standby at once (a virtual
	 * IP or a DNS name, here a proxy), and the standby is promoted a moment later: until then the
	 * stream finds a standby whose copy of the slot cannot be used yet, and keeps retrying.
	 */
	@ParameterizedTest
	@EnumSource(PgVersion.class)
	void primaryCrashedAndAddressMovedToStandbyBeforePromotionShouldLoseAndRepeatNothing(PgVersion version,
			PostgresServers servers) throws Exception {
		Pair pair = Pair.start(version, servers);
		DeliveryLog log = new DeliveryLog();
		try (PostgresServer standby = pair.standby();
				FaultProxy address = FaultProxy.start(pair.primary().host(), pair.primary().port())) {
			LogicalReplicationStream stream = pair.openStream(address.host(), address.port(), this.spill);
			try (Ledger ledger = new Ledger(pair.primary(), pair.db(), 20, Duration.ofMillis(2));
					LedgerConsumer consumer = LedgerConsumer.start(stream, pair.primary(), pair.db(), pair.slot(), log)) {
				CompletableFuture<Void> consumption = consumer.runInBackground();
				ledger.start();
				pair.awaitReadyForFailover(log);
				long reconnects = stream.status().reconnects();
				long start = System.nanoTime();
				pair.primary().stop(ShutdownMode.IMMEDIATE);
				Lsn acknowledged = stream.status().lastReportedFlushLsn();
				address.divert(standby.host(), standby.port(), address.connectionsAccepted());
				await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(stream.status().lastFailure())
					.contains("standby that synchronizes"));
				Lsn synced = pair.promote(ledger, log);
				await().atMost(Duration.ofSeconds(20)).until(() -> stream.status().reconnects() > reconnects);
				long resumedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				DeliveryLog.Verdict verdict = pair.finish(ledger, consumer, consumption, log);
				System.out.println("Failover (crash, address moved before promotion) on PostgreSQL "
						+ standby.serverVersion() + ": streaming again " + resumedMillis + " ms after the crash; "
						+ "synced slot " + acknowledged.minus(synced) + " bytes behind the last acknowledgement " + acknowledged
						+ "; lost commits " + ledger.committedButMissing(pair.truth()) + ", indeterminate "
						+ ledger.indeterminate() + "; " + verdict);
				assertThat(verdict.violations()).isEmpty();
				assertThat(verdict.duplicates()).isZero();
			}
		}
	}

	/**
	 * A planned switchover (fast shutdown, which sends the standby all WAL first) during which the
	 * consumer goes down with the old primary and starts afresh on the new one, where it resumes from
	 * the synchronized slot.
	 */
	@ParameterizedTest
	@EnumSource(PgVersion.class)
	void consumerRestartedOnPromotedStandbyShouldLoseNothingAndRepeatOnlyAboveTheSyncedSlot(PgVersion version,
			PostgresServers servers) throws Exception {
		Pair pair = Pair.start(version, servers);
		DeliveryLog log = new DeliveryLog();
		try (PostgresServer standby = pair.standby();
				Ledger ledger = new Ledger(pair.primary(), pair.db(), 20, Duration.ofMillis(2))) {
			LogicalReplicationStream before = pair.openStream(pair.primary().host(), pair.primary().port(), this.spill);
			try (LedgerConsumer consumer = LedgerConsumer.start(before, pair.primary(), pair.db(), pair.slot(), log)) {
				consumer.runInBackground();
				ledger.start();
				pair.awaitReadyForFailover(log);
			}
			Lsn acknowledged = before.status().lastReportedFlushLsn();
			pair.primary().stop(ShutdownMode.FAST);
			Lsn synced = pair.promote(ledger, log);
			log.restarted(synced);
			LogicalReplicationStream after = pair.openStream(standby.host(), standby.port(), this.spill);
			try (LedgerConsumer consumer = LedgerConsumer.start(after, standby, pair.db(), pair.slot(), log)) {
				DeliveryLog.Verdict verdict = pair.finish(ledger, consumer, consumer.runInBackground(), log);
				System.out.println("Failover (switchover, consumer restarted) on PostgreSQL " + standby.serverVersion()
						+ ": synced slot " + acknowledged.minus(synced) + " bytes behind the last acknowledgement "
						+ acknowledged + "; lost commits " + ledger.committedButMissing(pair.truth()) + "; " + verdict);
				assertThat(verdict.violations()).isEmpty();
				assertThat(ledger.committedButMissing(pair.truth())).as("commits lost in a fast shutdown").isEmpty();
			}
		}
	}

	/**
	 * A primary with a ledger database and a standby that synchronizes failover slots, which the
	 * primary waits for.
	 */
	private static final class Pair {

		private final PostgresServer primary;

		private final PostgresServer standby;

		private final String db;

		private @Nullable Map<Integer, List<Long>> truth;

		private Pair(PostgresServer primary, PostgresServer standby, String db) {
			this.primary = primary;
			this.standby = standby;
			this.db = db;
		}

		static Pair start(PgVersion version, PostgresServers servers) {
			assumeTrue(version.major() >= 17, "Failover slots (sync_replication_slots, synchronized_standby_slots) need"
					+ " PostgreSQL 17 or later; on PostgreSQL " + version.major() + " a logical slot does not survive a"
					+ " failover");
			PostgresServer primary = servers
				.startOwn(PostgresServer.builder(version).setting("synchronized_standby_slots", STANDBY_SLOT));
			String db = primary.createDatabase();
			primary.execute(db, Ledger.SCHEMA);
			// the new primary must not wait for a standby of its own, which it does not have
			PostgresServer standby = primary.startStandby(STANDBY_SLOT, "hot_standby_feedback=on",
					"sync_replication_slots=on", "synchronized_standby_slots=");
			return new Pair(primary, standby, db);
		}

		PostgresServer primary() {
			return this.primary;
		}

		PostgresServer standby() {
			return this.standby;
		}

		String db() {
			return this.db;
		}

		String slot() {
			return "slot_" + this.db;
		}

		/**
		 * Opens a stream of the ledger whose slot, when the stream creates it, is a failover slot.
		 */
		LogicalReplicationStream openStream(String host, int port, Path spill) {
			return LogicalReplicationStream.open(LedgerConsumer.connection(host, port, this.db),
					LedgerConsumer.config(slot(), spill).failoverSlot(true).build());
		}

		/**
		 * Waits for load on the stream and for the documented check before a failover: the standby holds
		 * the slot, synchronized, no longer temporary and valid. The standby keeps a synchronized slot
		 * only once the primary's has moved its catalog xmin past the standby's own, which happens when
		 * the slot decodes a snapshot of running transactions: the background writer logs one every
		 * 15 s, the test asks for one now.
		 */
		void awaitReadyForFailover(DeliveryLog log) {
			await().atMost(Duration.ofSeconds(20)).until(() -> log.deliveries() > 100);
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				this.primary.execute("SELECT pg_log_standby_snapshot()");
				return "t".equals(this.standby.queryForString(this.db, "SELECT synced AND NOT temporary AND"
						+ " invalidation_reason IS NULL FROM pg_replication_slots WHERE slot_name = '" + slot() + "'"));
			});
		}

		/**
		 * Promotes the standby, moves the writer there, and samples the slot: its synchronized position
		 * must not be ahead of what the consumer acknowledged.
		 * @return the slot's position on the new primary
		 */
		Lsn promote(Ledger ledger, DeliveryLog log) {
			this.standby.promote();
			ledger.moveTo(this.standby);
			Lsn synced = LedgerConsumer.confirmedFlush(this.standby, this.db, slot());
			assertThat(synced).as("the synchronized slot on the promoted standby").isNotNull();
			log.slotConfirmed(Objects.requireNonNull(synced));
			return synced;
		}

		/**
		 * Lets the writer go on for a while on the new primary, stops it, and checks the deliveries
		 * against what the new primary holds.
		 */
		DeliveryLog.Verdict finish(Ledger ledger, LedgerConsumer consumer, CompletableFuture<Void> consumption,
				DeliveryLog log) throws Exception {
			int deliveries = log.deliveries();
			await().atMost(Duration.ofSeconds(20)).until(() -> log.deliveries() > deliveries + 100);
			ledger.stop();
			Map<Integer, List<Long>> held = ledger.truth();
			this.truth = held;
			consumer.finish(held);
			consumption.get(60, TimeUnit.SECONDS);
			LedgerConsumer.sampleSlot(this.standby, this.db, slot(), log);
			return log.verify(held);
		}

		Map<Integer, List<Long>> truth() {
			return Objects.requireNonNull(this.truth, "finish() first");
		}

	}

}
