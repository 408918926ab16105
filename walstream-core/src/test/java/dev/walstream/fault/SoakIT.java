package dev.walstream.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import dev.walstream.testing.ShutdownMode;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 8, fault 10: the soak. A writer commits a random mix of small, large (streamed before they
 * commit, spilled on the consumer's side), partly rolled back and wholly rolled back transactions of
 * inserts, updates and deletes ({@link SoakWriter}), while faults are injected at random: the
 * walsender terminated, the server restarted fast or crashed, the network blackholed in the middle
 * of a message or reset at a random byte, and the consumer crashed and restarted from its own
 * position ({@link SoakConsumer}). At the end the delivered ledger is exact ({@link DeliveryLog})
 * and the mirrored table equals the source ({@link Mirror}, md5 of both).
 *
 * <p>The random choices come from a seeded {@link SplittableRandom}: the seed is printed and can be
 * given back with {@code -Dwalstream.soak.seed=...} (the timing of the faults still varies). It runs
 * for 35 s in the normal build; {@code -Dwalstream.soak.minutes=10} makes it a long soak.
 */
class SoakIT {

	private static final Duration SERVER_TIMEOUT = Duration.ofSeconds(3);

	@TempDir
	Path spill;

	enum Fault {

		TERMINATE_WALSENDER, RESTART_FAST, RESTART_IMMEDIATE, BLACKHOLE, RESET, CONSUMER_CRASH

	}

	@Test
	void mixedLoadWithRandomFaultsShouldEndExactWithTheMirrorEqualToTheSource(@EmbeddedPostgres(shared = false,
			settings = "logical_decoding_work_mem=64kB") PostgresServer server) throws Exception {
		long seed = Long.getLong("walstream.soak.seed", new SplittableRandom().nextLong());
		Duration length = soakLength();
		System.out.println("Soak: seed " + seed + " (-Dwalstream.soak.seed=" + seed + "), " + length.toSeconds() + " s");
		SplittableRandom random = new SplittableRandom(seed);
		String db = server.createDatabase();
		server.execute(db, SoakWriter.SCHEMA);
		String slot = "slot_" + db;
		DeliveryLog log = new DeliveryLog();
		Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
		List<Long> blackholeDetectionMillis = new ArrayList<>();
		try (FaultProxy proxy = FaultProxy.start(server.host(), server.port());
				SoakWriter writer = new SoakWriter(server, db, random.split(), log::deliveries)) {
			SoakConsumer consumer = new SoakConsumer(server, db, slot, proxy,
					SoakConsumer.config(slot, this.spill).serverTimeout(SERVER_TIMEOUT).build(), log);
			ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
			sampler.scheduleWithFixedDelay(() -> LedgerConsumer.sampleSlot(server, db, slot, log), 100, 100,
					TimeUnit.MILLISECONDS);
			try {
				CompletableFuture<Void> consumption = consumer.runInBackground();
				writer.start();
				List<Fault> schedule = new ArrayList<>(Arrays.asList(Fault.values()));
				// every kind once, in a random order, then at random
				for (int i = schedule.size() - 1; i > 0; i--) {
					schedule.set(i, schedule.set(random.nextInt(i + 1), schedule.get(i)));
				}
				long deadline = System.nanoTime() + length.toNanos();
				for (int i = 0; System.nanoTime() - deadline < 0; i++) {
					int deliveries = log.deliveries();
					await().atMost(Duration.ofSeconds(60)).until(() -> log.deliveries() >= deliveries + 3);
					// pacing between faults, not synchronisation
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200 + random.nextInt(1_300)));
					Fault fault = (i < schedule.size()) ? schedule.get(i) : Fault.values()[random.nextInt(Fault.values().length)];
					if (inject(fault, server, db, slot, proxy, consumer, random, blackholeDetectionMillis)) {
						injected.merge(fault, 1, Integer::sum);
					}
					assertThat(consumption).isNotDone();
				}
				writer.stop();
				Map<Integer, List<Long>> truth = new Ledger(server, db, 1, Duration.ZERO).truth();
				long drainStart = System.nanoTime();
				int deliveredAtStop = log.deliveries();
				consumer.finish(truth);
				consumption.get(120, TimeUnit.SECONDS);
				System.out.println("Soak: " + (truth.size() - deliveredAtStop) + " transactions behind when the writer "
						+ "stopped, caught up in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart) + " ms");
				DeliveryLog.Verdict verdict = log.verify(truth);
				String sourceMd5 = Mirror.sourceMd5(server, db);
				String mirrorMd5 = consumer.mirror().md5();
				System.out.println("Soak (seed " + seed + "): faults " + injected + ", blackholes noticed after ms "
						+ blackholeDetectionMillis + ", reconnects " + consumer.reconnects() + "; writer: " + writer
						+ "; " + verdict + "; mirror " + consumer.mirror() + ", md5 " + mirrorMd5 + " vs source "
						+ sourceMd5 + "; slot statistics " + server.queryForString(db,
								"SELECT 'streamed ' || stream_txns || ', spilled ' || spill_txns FROM pg_stat_replication_slots "
										+ "WHERE slot_name = '" + slot + "'"));
				assertThat(verdict.violations()).as("seed %d", seed).isEmpty();
				assertThat(mirrorMd5).as("mirror of items (seed %d): %s", seed,
						mirrorMd5.equals(sourceMd5) ? "" : consumer.mirror().differences(server, db)).isEqualTo(sourceMd5);
				assertThat(consumer.mirror().size()).isPositive();
				assertThat(injected.keySet()).as("every kind of fault injected").containsExactlyInAnyOrder(Fault.values());
			}
			finally {
				sampler.shutdownNow();
				consumer.close();
			}
		}
	}

	/**
	 * Injects a fault and waits until the consumer is streaming again.
	 * @return whether the fault happened (a cut armed while nothing flows may not)
	 */
	private static boolean inject(Fault fault, PostgresServer server, String db, String slot, FaultProxy proxy,
			SoakConsumer consumer, SplittableRandom random, List<Long> blackholeDetectionMillis) throws Exception {
		long reconnects = consumer.reconnects();
		switch (fault) {
			case TERMINATE_WALSENDER -> {
				String terminated = server.queryForString(db, "SELECT count(pg_terminate_backend(active_pid)) "
						+ "FROM pg_replication_slots WHERE slot_name = '" + slot + "' AND active_pid IS NOT NULL");
				if (!"1".equals(terminated)) {
					return false;
				}
			}
			case RESTART_FAST -> server.restart(ShutdownMode.FAST);
			case RESTART_IMMEDIATE -> server.restart(ShutdownMode.IMMEDIATE);
			case BLACKHOLE -> {
				int cuts = proxy.cuts();
				proxy.stallAfter(random.nextInt(5_000));
				if (!armedFaultHappened(proxy, cuts)) {
					return false;
				}
				long stalledAt = System.nanoTime();
				await().atMost(SERVER_TIMEOUT.plusSeconds(5))
					.until(() -> !consumer.stream().status().connected() || consumer.stream().status().lastFailure() != null);
				blackholeDetectionMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stalledAt));
				proxy.heal();
			}
			case RESET -> {
				int cuts = proxy.cuts();
				proxy.cutAfter(1 + random.nextInt(20_000));
				if (!armedFaultHappened(proxy, cuts)) {
					return false;
				}
			}
			case CONSUMER_CRASH -> {
				consumer.crashAndRestart();
				return true;
			}
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> consumer.reconnects() > reconnects);
		return true;
	}

	private static boolean armedFaultHappened(FaultProxy proxy, int cutsBefore) {
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !proxy.cutPending());
		}
		catch (ConditionTimeoutException ex) {
			// nothing flowed: the writer is between transactions, or the server is slow
			proxy.disarm();
		}
		return proxy.cuts() > cutsBefore;
	}

	private static Duration soakLength() {
		String minutes = System.getProperty("walstream.soak.minutes");
		if (minutes != null && !minutes.isBlank()) {
			return Duration.ofSeconds(Math.round(Double.parseDouble(minutes) * 60));
		}
		return Duration.ofSeconds(35);
	}

}
