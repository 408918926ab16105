package dev.walstream.fault;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.walstream.Lsn;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 8 (N22): two consumer JVMs ({@link DurableConsumer}, each with a durable file of its own)
 * on one slot while a writer commits; one streams, the other stands by. The active one dies, by
 * SIGKILL or behind a network blackhole, and the standby takes over: within seconds of a kill, and
 * within {@code wal_sender_timeout} and a few seconds of a blackhole, once the server let go of the
 * slot. Never do two consumers stream at once (a watch compares the consumers' own states every 50
 * ms), and the files together hold every committed transaction, repeats only above the slot's
 * position when the active one died.
 */
@EmbeddedPostgres(settings = "wal_sender_timeout=2s")
class ConsumerTakeoverIT {

	/** Below the server's {@code wal_sender_timeout}: a cut-off consumer stops before the server lets go. */
	private static final Duration SERVER_TIMEOUT = Duration.ofSeconds(1);

	private static final int KILLS = 3;

	@TempDir
	Path directory;

	/** Every consumer started, in the order they streamed. */
	private final List<ConsumerProcess> consumers = new CopyOnWriteArrayList<>();

	private final List<Path> files = new CopyOnWriteArrayList<>();

	private final List<String> overlaps = new CopyOnWriteArrayList<>();

	private final Set<String> walsenders = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopConsumers() {
		this.watch.shutdownNow();
		this.consumers.forEach(ConsumerProcess::killIfAlive);
	}

	@Test
	void activeConsumerKilledShouldBeTakenOverByTheStandbyWithinSecondsWithoutLoss(PostgresServer server)
			throws Exception {
		String db = prepare(server);
		String slot = "slot_" + db;
		List<Long> takeoverMillis = new ArrayList<>();
		List<Lsn> slotAtKill = new ArrayList<>();
		try (Ledger ledger = new Ledger(server, db, 10, Duration.ofMillis(3))) {
			ConsumerProcess active = startActive(server.host(), server.port(), db);
			ledger.start();
			ConsumerProcess standby = startStandby(server.host(), server.port(), db);
			for (int kill = 0; kill < KILLS; kill++) {
				awaitNewLines(this.files.get(kill), 20);
				active.kill();
				long killedAt = System.nanoTime();
				slotAtKill.add(LedgerConsumer.confirmedFlush(server, db, slot));
				await().atMost(Duration.ofSeconds(20)).until(standby::isStreaming);
				takeoverMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
				active = standby;
				standby = startStandby(server.host(), server.port(), db);
			}
			awaitNewLines(this.files.get(KILLS), 20);
			ledger.stop();
			DeliveryLog.Verdict verdict = verifyAll(ledger, slotAtKill);
			System.out.println("Takeover after SIGKILL: " + KILLS + " kills, takeover ms " + takeoverMillis
					+ ", walsenders " + this.walsenders.size() + "; " + verdict);
			assertThat(takeoverMillis).allSatisfy((millis) -> assertThat(millis).as("takeover after kill -9")
				.isLessThan(5_000));
		}
	}

	@Test
	void activeConsumerBehindABlackholeShouldBeTakenOverOnceTheServerLetsGo(PostgresServer server) throws Exception {
		String db = prepare(server);
		String slot = "slot_" + db;
		try (Ledger ledger = new Ledger(server, db, 10, Duration.ofMillis(3));
				FaultProxy toFirst = FaultProxy.start(server.host(), server.port());
				FaultProxy toSecond = FaultProxy.start(server.host(), server.port())) {
			ConsumerProcess first = startActive(toFirst.host(), toFirst.port(), db);
			ledger.start();
			ConsumerProcess second = startStandby(toSecond.host(), toSecond.port(), db);
			awaitNewLines(this.files.get(0), 20);
			toFirst.blackhole();
			long blackholedAt = System.nanoTime();
			// nothing the first consumer sends reaches the server any more
			Lsn slotAtBlackhole = LedgerConsumer.confirmedFlush(server, db, slot);
			await().atMost(Duration.ofSeconds(10)).until(() -> !first.isStreaming());
			long stoppedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - blackholedAt);
			await().atMost(Duration.ofSeconds(20)).until(second::isStreaming);
			long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - blackholedAt);
			toFirst.heal();
			await().atMost(Duration.ofSeconds(20)).until(first::isStandby);
			awaitNewLines(this.files.get(1), 20);
			ledger.stop();
			DeliveryLog.Verdict verdict = verifyAll(ledger, List.of(slotAtBlackhole));
			System.out.println("Takeover after a blackhole: the active one stopped after " + stoppedMillis
					+ " ms, the standby streamed after " + takeoverMillis + " ms, walsenders " + this.walsenders.size()
					+ "; " + verdict);
			assertThat(takeoverMillis).as("takeover after a blackhole").isLessThan(Duration.ofSeconds(2 + 5).toMillis());
		}
	}

	private String prepare(PostgresServer server) {
		String db = Ledger.createDatabase(server);
		String slot = "slot_" + db;
		server.execute(db, "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
		this.watch.scheduleWithFixedDelay(() -> watch(server, db, slot), 50, 50, TimeUnit.MILLISECONDS);
		return db;
	}

	/** Records any moment at which two consumers say they stream, and each walsender that held the slot. */
	private void watch(PostgresServer server, String db, String slot) {
		List<ConsumerProcess> streaming = this.consumers.stream().filter(ConsumerProcess::isStreaming).toList();
		if (streaming.size() > 1) {
			this.overlaps.add(streaming.toString());
		}
		try {
			String pid = LedgerConsumer.activePid(server, db, slot);
			if (pid != null) {
				this.walsenders.add(pid);
			}
		}
		catch (RuntimeException ex) {
			// busy server: no sample this time
		}
	}

	private ConsumerProcess startActive(String host, int port, String db) throws IOException {
		ConsumerProcess consumer = start(host, port, db);
		await().atMost(Duration.ofSeconds(30)).until(consumer::isStreaming);
		return consumer;
	}

	private ConsumerProcess startStandby(String host, int port, String db) throws IOException {
		ConsumerProcess consumer = start(host, port, db);
		await().atMost(Duration.ofSeconds(30)).until(consumer::isStandby);
		return consumer;
	}

	private ConsumerProcess start(String host, int port, String db) throws IOException {
		int number = this.consumers.size();
		Path file = this.directory.resolve("consumer-" + number + ".txt");
		ConsumerProcess consumer = ConsumerProcess.start(host, port, db, "slot_" + db, file,
				this.directory.resolve("spill-" + number), SERVER_TIMEOUT);
		this.files.add(file);
		this.consumers.add(consumer);
		return consumer;
	}

	private static void awaitNewLines(Path file, int count) throws IOException {
		int before = DurableConsumer.read(file).size();
		await().atMost(Duration.ofSeconds(30)).until(() -> DurableConsumer.read(file).size() >= before + count);
	}

	/**
	 * Waits until the consumers' files together hold every committed transaction, and checks them:
	 * the files in the order the consumers streamed, each takeover a restart from the slot's position
	 * when the previous one died.
	 */
	private DeliveryLog.Verdict verifyAll(Ledger ledger, List<Lsn> slotAtTakeover) throws IOException {
		Map<Integer, List<Long>> truth = ledger.truth();
		await().atMost(Duration.ofSeconds(60)).until(() -> log(slotAtTakeover).hasAll(truth));
		this.watch.shutdownNow();
		DeliveryLog.Verdict verdict = log(slotAtTakeover).verify(truth);
		assertThat(this.overlaps).as("moments at which two consumers streamed").isEmpty();
		assertThat(verdict.violations()).isEmpty();
		assertThat(verdict.committed()).isEqualTo(ledger.committed());
		return verdict;
	}

	private DeliveryLog log(List<Lsn> slotAtTakeover) throws IOException {
		List<DurableConsumer.Line> lines = new ArrayList<>();
		List<Integer> takeoverAfterLines = new ArrayList<>();
		for (int i = 0; i < this.files.size(); i++) {
			lines.addAll(DurableConsumer.read(this.files.get(i)));
			if (i < slotAtTakeover.size()) {
				takeoverAfterLines.add(lines.size());
			}
		}
		return DurableConsumer.deliveryLog(lines, takeoverAfterLines, slotAtTakeover);
	}

}
