package dev.walstream.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.walstream.Lsn;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.stream.ConnectionConfig;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.stream.RetryConfig;
import dev.walstream.testing.PostgresServer;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumes the {@link Ledger}'s table from a stream into a {@link DeliveryLog}, acknowledging each
 * transaction as soon as it is recorded, and samples the slot's confirmed position while it runs.
 */
final class LedgerConsumer implements AutoCloseable {

	/** Quick reconnection, so that many faults fit in a short test. */
	static final RetryConfig FAST_RETRY = new RetryConfig(0, Duration.ofMillis(50), Duration.ofMillis(500), 2.0,
			Duration.ZERO, 0.2);

	private final LogicalReplicationStream stream;

	private final DeliveryLog log;

	private final ScheduledExecutorService sampler;

	private volatile @Nullable Map<Integer, List<Long>> truth;

	private LedgerConsumer(LogicalReplicationStream stream, DeliveryLog log, ScheduledExecutorService sampler) {
		this.stream = stream;
		this.log = log;
		this.sampler = sampler;
	}

	/**
	 * Starts a consumer and a sampler of the slot's {@code confirmed_flush_lsn} (every 100 ms).
	 * @param stream an opened, not yet started stream with {@code autoAcknowledge(false)}
	 * @param server where the slot lives, for the sampler
	 * @param database the slot's database
	 * @param slot the slot
	 * @param log where to record
	 * @return the consumer
	 */
	static LedgerConsumer start(LogicalReplicationStream stream, PostgresServer server, String database, String slot,
			DeliveryLog log) {
		stream.initialize();
		stream.start(null);
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "slot-sampler");
			thread.setDaemon(true);
			return thread;
		});
		sampler.scheduleWithFixedDelay(() -> sampleSlot(server, database, slot, log), 100, 100, TimeUnit.MILLISECONDS);
		return new LedgerConsumer(stream, log, sampler);
	}

	static void sampleSlot(PostgresServer server, String database, String slot, DeliveryLog log) {
		try {
			Lsn confirmed = confirmedFlush(server, database, slot);
			if (confirmed != null) {
				log.slotConfirmed(confirmed);
			}
		}
		catch (RuntimeException ex) {
			// the server is restarting: no sample this time
		}
	}

	/**
	 * The process id of the walsender that holds the slot.
	 * @param server the server
	 * @param database the slot's database
	 * @param slot the slot
	 * @return the pid, or {@code null} while no walsender holds the slot
	 */
	static @Nullable String activePid(PostgresServer server, String database, String slot) {
		return server.queryForString(database,
				"SELECT active_pid FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
	}

	static @Nullable Lsn confirmedFlush(PostgresServer server, String database, String slot) {
		String text = server.queryForString(database,
				"SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
		return (text != null) ? Lsn.parse(text) : null;
	}

	/**
	 * Consumes in a background thread until {@link #finish(Map)} was called and every transaction of
	 * that truth was delivered.
	 * @return the consumption, failing if the stream failed
	 */
	CompletableFuture<Void> runInBackground() {
		CompletableFuture<Void> done = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				while (this.truth == null) {
					handle(this.stream.nextEvent(Duration.ofMillis(50)));
				}
				consumeUntilComplete(this.truth, Duration.ofSeconds(60));
				done.complete(null);
			}
			catch (Throwable ex) {
				done.completeExceptionally(ex);
			}
		}, "ledger-consumer");
		thread.setDaemon(true);
		thread.start();
		return done;
	}

	/**
	 * Tells a background consumption what the database committed, so that it ends once it has all.
	 * @param truth the ledger's truth
	 */
	void finish(Map<Integer, List<Long>> truth) {
		this.truth = truth;
	}

	/**
	 * Handles events for a while.
	 * @param duration how long
	 */
	void consumeFor(Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() - deadline < 0) {
			handle(this.stream.nextEvent(Duration.ofMillis(50)));
		}
	}

	/**
	 * Handles exactly {@code count} events, for a scenario that stops inside a transaction.
	 * @param count how many events
	 * @param timeout how long at most
	 */
	void handleEvents(int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (int handled = 0; handled < count;) {
			assertThat(System.nanoTime() - deadline).as("%d events within %s", count, timeout).isNegative();
			ChangeEvent event = this.stream.nextEvent(Duration.ofMillis(100));
			if (event != null) {
				handle(event);
				handled++;
			}
		}
	}

	/**
	 * Handles events until every transaction of the truth was delivered, then a little longer to
	 * catch late repeats.
	 * @param truth the ledger's truth
	 * @param timeout how long at most
	 */
	void consumeUntilComplete(Map<Integer, List<Long>> truth, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!this.log.hasAll(truth)) {
			assertThat(System.nanoTime() - deadline).as("all %d transactions delivered within %s (%d deliveries so far)",
					truth.size(), timeout, this.log.deliveries()).isNegative();
			handle(this.stream.nextEvent(Duration.ofMillis(100)));
		}
		consumeFor(Duration.ofMillis(500));
	}

	private void handle(@Nullable ChangeEvent event) {
		if (event == null) {
			return;
		}
		EventType type = event.eventType();
		if (type instanceof EventType.Begin) {
			this.log.begin();
		}
		else if (type instanceof EventType.Insert insert) {
			this.log.row(insert.data().get("seq", Long.class));
		}
		else if (type instanceof EventType.Commit commit) {
			this.log.commit(commit.endLsn());
			this.stream.acknowledge(commit.endLsn());
			this.log.acknowledged(commit.endLsn());
		}
	}

	LogicalReplicationStream stream() {
		return this.stream;
	}

	@Override
	public void close() {
		this.sampler.shutdownNow();
		this.stream.close();
	}

	/**
	 * A connection to a server or to a proxy in front of it, as the superuser.
	 * @param host the host
	 * @param port the port
	 * @param database the database
	 * @return the connection settings
	 */
	static ConnectionConfig connection(String host, int port, String database) {
		return ConnectionConfig.builder()
			.host(host)
			.port(port)
			.database(database)
			.user(PostgresServer.SUPERUSER)
			.password(PostgresServer.SUPERUSER_PASSWORD)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
	}

	/**
	 * The stream configuration of the fault scenarios: the ledger's publication, explicit
	 * acknowledgements, quick retries and feedback.
	 * @param slot the slot
	 * @param spill the spill directory
	 * @return a builder to adjust
	 */
	static ReplicationStreamConfig.Builder config(String slot, Path spill) {
		return ReplicationStreamConfig.builder(slot, "pub")
			.autoAcknowledge(false)
			.retry(FAST_RETRY)
			.feedbackInterval(Duration.ofMillis(200))
			.spillDirectory(spill);
	}

}
