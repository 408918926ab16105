package dev.walstream.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import dev.walstream.testing.ServerLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault 12: a listener slower than the server's {@code wal_sender_timeout}. The server is configured
 * with 2 s; the consumer holds an event for 6 s, twice (inside a transaction and after a commit
 * before acknowledging it). The stream's feedback thread keeps status updates flowing, so the
 * server never terminates the walsender for a replication timeout and the stream never reconnects.
 */
@EmbeddedPostgres(settings = "wal_sender_timeout=2s")
class SlowListenerIT {

	private static final Duration HOLD = Duration.ofSeconds(6);

	@TempDir
	Path spill;

	@Test
	void listenerSlowerThanWalSenderTimeoutShouldNotGetTheWalsenderTerminated(PostgresServer server)
			throws Exception {
		String db = server.createDatabase();
		server.execute(db, Ledger.SCHEMA);
		String slot = "slot_" + db;
		ServerLog log = server.log().fromNow();
		DeliveryLog deliveries = new DeliveryLog();
		try (Ledger ledger = new Ledger(server, db, 5, Duration.ZERO);
				LogicalReplicationStream stream = LogicalReplicationStream.open(
						LedgerConsumer.connection(server.host(), server.port(), db),
						LedgerConsumer.config(slot, this.spill).feedbackInterval(Duration.ofSeconds(10)).build())) {
			stream.initialize();
			stream.start(null);
			ledger.write(3);
			Map<Integer, List<Long>> truth = ledger.truth();
			int holds = 0;
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (!deliveries.hasAll(truth) && System.nanoTime() - deadline < 0) {
				ChangeEvent event = stream.nextEvent(Duration.ofSeconds(1));
				if (event == null) {
					continue;
				}
				if (event.eventType() instanceof EventType.Begin) {
					deliveries.begin();
				}
				else if (event.eventType() instanceof EventType.Insert insert) {
					long seq = insert.data().get("seq", Long.class);
					deliveries.row(seq);
					if (seq == 1) {
						holds++;
						simulateSlowListener();
					}
				}
				else if (event.eventType() instanceof EventType.Commit commit) {
					deliveries.commit(commit.endLsn());
					if (holds == 1) {
						holds++;
						simulateSlowListener();
					}
					stream.acknowledge(commit.endLsn());
					deliveries.acknowledged(commit.endLsn());
				}
			}
			DeliveryLog.Verdict verdict = deliveries.verify(truth);
			System.out.println("Slow listener: held " + holds + " x " + HOLD.toSeconds() + " s, reconnects "
					+ stream.status().reconnects() + "; " + verdict);
			assertThat(holds).isEqualTo(2);
			assertThat(verdict.violations()).isEmpty();
			assertThat(stream.status().reconnects()).isZero();
			assertThat(log.text()).doesNotContain("replication timeout");
		}
	}

	/** The listener's work: the scenario itself, not synchronisation. */
	private static void simulateSlowListener() throws InterruptedException {
		TimeUnit.MILLISECONDS.sleep(HOLD.toMillis());
	}

}
