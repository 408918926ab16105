package dev.walstream.fault;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.stream.TransactionAssembler;
import dev.walstream.testing.EmbeddedPostgres;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * N14, aimed rather than at random: transactions large enough for the server to stream them before
 * they commit ({@code logical_decoding_work_mem=64kB}) meet a fault while they are still open. One
 * has a savepoint; its walsender is terminated after the server streamed rows on both sides of the
 * savepoint, more rows follow the savepoint, and once the new connection has the transaction
 * streamed again it rolls back to the savepoint, adds rows and commits. The other loses its connection (reset through the
 * {@link FaultProxy}) in the middle of being streamed, is streamed again, and then rolls back
 * altogether. The committed rows arrive once, whole and in order; nothing of the rolled-back parts
 * arrives.
 */
@EmbeddedPostgres(settings = "logical_decoding_work_mem=64kB")
class SavepointAbortUnderFaultIT {

	private static final int KEPT = 1_500;

	private static final int ROLLED_BACK = 600;

	private static final int AFTER_ROLLBACK = 300;

	@TempDir
	Path spill;

	@Test
	void streamedTransactionsRolledBackAfterAFaultShouldDeliverOnlyWhatCommitted(PostgresServer server)
			throws Exception {
		String db = Ledger.createDatabase(server);
		String slot = "slot_" + db;
		DeliveryLog log = new DeliveryLog();
		FaultProxy proxy = FaultProxy.start(server.host(), server.port());
		ReplicationStreamConfig config = LedgerConsumer.config(slot, this.spill).build();
		LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(proxy.host(), proxy.port(), db), config);
		try (Ledger ledger = new Ledger(server, db, 10, Duration.ZERO);
				LedgerConsumer consumer = LedgerConsumer.start(stream, server, db, slot, log);
				FaultProxy network = proxy;
				Connection writer = server.connect(db);
				Statement statement = writer.createStatement()) {
			writer.setAutoCommit(false);
			CompletableFuture<Void> consumption = consumer.runInBackground();
			ledger.write(2);
			await().atMost(Duration.ofSeconds(20)).until(() -> log.deliveries() >= 2);

			insert(statement, 3, 1_000, KEPT);
			statement.execute("SAVEPOINT s");
			insert(statement, 3, 1_000 + KEPT, ROLLED_BACK);
			awaitStreamedOpenTransaction(stream);
			long reconnects = stream.status().reconnects();
			assertThat(server.queryForString(db, "SELECT count(pg_terminate_backend(active_pid)) FROM pg_replication_slots "
					+ "WHERE slot_name = '" + slot + "' AND active_pid IS NOT NULL")).isEqualTo("1");
			await().atMost(Duration.ofSeconds(10)).until(() -> stream.status().reconnects() > reconnects);
			// the slot may have followed the server into the open transaction: the server streams it
			// again only once it decodes changes past that position
			insert(statement, 3, 1_000 + KEPT + ROLLED_BACK, ROLLED_BACK);
			awaitStreamedOpenTransaction(stream);
			statement.execute("ROLLBACK TO SAVEPOINT s");
			insert(statement, 3, 1_000 + KEPT + 2 * ROLLED_BACK, AFTER_ROLLBACK);
			writer.commit();

			insert(statement, 4, 10_000, KEPT);
			awaitStreamedOpenTransaction(stream);
			long reconnectsBeforeReset = stream.status().reconnects();
			// a few kB into what the server streams next: inside the transaction's changes
			proxy.cutAfter(5_000);
			insert(statement, 4, 10_000 + KEPT, KEPT);
			await().atMost(Duration.ofSeconds(10)).until(() -> !proxy.cutPending());
			await().atMost(Duration.ofSeconds(10)).until(() -> stream.status().reconnects() > reconnectsBeforeReset);
			insert(statement, 4, 10_000 + 2 * KEPT, KEPT);
			awaitStreamedOpenTransaction(stream);
			writer.rollback();

			insert(statement, 5, 20_000, 10);
			writer.commit();
			Map<Integer, List<Long>> truth = ledger.truth();
			consumer.finish(truth);
			consumption.get(60, TimeUnit.SECONDS);
			DeliveryLog.Verdict verdict = log.verify(truth);
			System.out.println("Savepoint and abort under faults: reconnects " + stream.status().reconnects()
					+ ", proxy cuts " + proxy.cuts() + "; " + verdict);
			assertThat(truth).containsOnlyKeys(1, 2, 3, 5);
			assertThat(truth.get(3)).hasSize(KEPT + AFTER_ROLLBACK);
			assertThat(proxy.cuts()).isOne();
			assertThat(verdict.violations()).isEmpty();
			assertThat(verdict.duplicates()).isZero();
			assertThat(verdict.committed()).isEqualTo(4);
		}
		finally {
			proxy.close();
			stream.close();
		}
	}

	private static void insert(Statement statement, int tx, long first, int rows) throws SQLException {
		statement.execute("INSERT INTO ledger SELECT g, " + tx + ", repeat(md5(g::text), 3) FROM generate_series(" + first
				+ ", " + (first + rows - 1) + ") g");
	}

	/** Waits until the stream holds part of a transaction that the server streamed before its end. */
	private static void awaitStreamedOpenTransaction(LogicalReplicationStream stream) {
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			TransactionAssembler.Stats buffers = stream.status().buffers();
			return buffers != null && buffers.openTransactions() > 0;
		});
	}

}
