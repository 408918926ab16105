package dev.walstream.fault;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

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
				ConsumerProcess child = start(server, db, slot, file);
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
			ConsumerProcess last = start(server, db, slot, file);
			try {
				await().atMost(Duration.ofSeconds(60)).until(() -> DurableConsumer.deliveryLog(DurableConsumer.read(file), killedAfterLines, slotAtKill).hasAll(truth));
			}
			finally {
				last.kill();
			}
			DeliveryLog.Verdict verdict = DurableConsumer.deliveryLog(DurableConsumer.read(file), killedAfterLines, slotAtKill).verify(truth);
			System.out.println("Consumer kills: " + KILLS + " after lines " + killedAfterLines + ", slot at kill "
					+ slotAtKill + "; " + verdict);
			assertThat(verdict.violations()).isEmpty();
			assertThat(verdict.committed()).isEqualTo(ledger.committed());
		}
	}

	private ConsumerProcess start(PostgresServer server, String db, String slot, Path file) throws IOException {
		return ConsumerProcess.start(server.host(), server.port(), db, slot, file, this.directory.resolve("spill"),
				Duration.ofSeconds(60));
	}

}
