package dev.walstream.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.walstream.Lsn;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 3: the consumer's JVM is killed with SIGKILL at random points while a writer commits
 * transactions, and started again. The consumer ({@link DurableConsumer}) records each transaction
 * durably before it acknowledges it. Nothing is lost, and the transactions delivered again are only
 * those the slot had not confirmed when the consumer died; the slot never confirmed a transaction
 * the consumer had not recorded.
 */
@EmbeddedPostgres
class ConsumerKillIT {

	private static final int KILLS = 4;

	@TempDir
	Path directory;

	@Test
	void consumerKilledMidStreamAndRestartedShouldLoseNothingAndRepeatOnlyUnconfirmedTransactions(
			PostgresServer server) throws Exception {
		String db = server.createDatabase();
		server.execute(db, Ledger.SCHEMA);
		String slot = "slot_" + db;
		server.execute(db, "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
		Path file = this.directory.resolve("delivered.txt");
		Random random = new Random(7);
		List<Integer> killedAfterLines = new ArrayList<>();
		List<Lsn> slotAtKill = new ArrayList<>();
		try (Ledger ledger = new Ledger(server, db, 10, Duration.ofMillis(3))) {
			ledger.start();
			for (int kill = 0; kill < KILLS; kill++) {
				Child child = Child.start(server, db, slot, file, this.directory.resolve("spill"));
				try {
					int before = DurableConsumer.read(file).size();
					int wanted = before + 20 + random.nextInt(80);
					await().atMost(Duration.ofSeconds(60)).until(() -> DurableConsumer.read(file).size() >= wanted);
				}
				finally {
					child.kill();
				}
				await().atMost(Duration.ofSeconds(20)).until(() -> "0".equals(server.queryForString(db,
						"SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "' AND active")));
				killedAfterLines.add(DurableConsumer.read(file).size());
				slotAtKill.add(LedgerConsumer.confirmedFlush(server, db, slot));
			}
			ledger.stop();
			Map<Integer, List<Long>> truth = ledger.truth();
			Child last = Child.start(server, db, slot, file, this.directory.resolve("spill"));
			try {
				await().atMost(Duration.ofSeconds(60)).until(() -> toLog(file, killedAfterLines, slotAtKill).hasAll(truth));
			}
			finally {
				last.kill();
			}
			DeliveryLog.Verdict verdict = toLog(file, killedAfterLines, slotAtKill).verify(truth);
			System.out.println("Consumer kills: " + KILLS + " after lines " + killedAfterLines + ", slot at kill "
					+ slotAtKill + "; " + verdict);
			assertThat(verdict.violations()).isEmpty();
			assertThat(verdict.committed()).isEqualTo(ledger.committed());
		}
	}

	/**
	 * Rebuilds the delivery log from the consumer's file: each line delivered and acknowledged; at
	 * each kill, the slot's position as a sample and as the floor for repeats.
	 */
	private static DeliveryLog toLog(Path file, List<Integer> killedAfterLines, List<Lsn> slotAtKill)
			throws IOException {
		List<DurableConsumer.Line> lines = DurableConsumer.read(file);
		DeliveryLog log = new DeliveryLog();
		int kill = 0;
		for (int i = 0; i <= lines.size(); i++) {
			while (kill < killedAfterLines.size() && killedAfterLines.get(kill) == i) {
				log.slotConfirmed(slotAtKill.get(kill));
				log.restarted(slotAtKill.get(kill));
				kill++;
			}
			if (i < lines.size()) {
				log.delivered(lines.get(i).seqs(), lines.get(i).endLsn());
				log.acknowledged(lines.get(i).endLsn());
			}
		}
		return log;
	}

	/** A consumer JVM. */
	private record Child(Process process, List<String> output) {

		static Child start(PostgresServer server, String db, String slot, Path file, Path spill) throws IOException {
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			Process process = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
					DurableConsumer.class.getName(), server.host(), Integer.toString(server.port()), db, slot,
					file.toString(), spill.toString())
				.redirectErrorStream(true)
				.start();
			List<String> output = new CopyOnWriteArrayList<>();
			CompletableFuture.runAsync(() -> {
				try (BufferedReader lines = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
					lines.lines().forEach(output::add);
				}
				catch (IOException ex) {
					output.add(ex.toString());
				}
			});
			return new Child(process, output);
		}

		void kill() throws InterruptedException {
			assertThat(this.process.isAlive()).as("consumer alive before the kill; output %s", this.output).isTrue();
			this.process.destroyForcibly();
			assertThat(this.process.waitFor(20, TimeUnit.SECONDS)).as("consumer killed").isTrue();
		}

	}

}
