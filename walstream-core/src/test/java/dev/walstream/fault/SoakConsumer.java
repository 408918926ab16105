package dev.walstream.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.walstream.Lsn;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.testing.PostgresServer;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The soak's consumer: one thread streams through a {@link FaultProxy}, records the ledger's rows
 * in a {@link DeliveryLog} and applies the items' changes to a {@link Mirror}, acknowledging each
 * transaction once applied. On request it "crashes": its stream is abandoned behind a blackholed
 * proxy (so that no final status update reaches the server, as after a SIGKILL), the connection is
 * reset, and a new stream starts from the application's own position, the mirror's last applied
 * commit end LSN.
 */
final class SoakConsumer {

	private final PostgresServer server;

	private final String database;

	private final String slot;

	private final FaultProxy proxy;

	private final ReplicationStreamConfig config;

	private final DeliveryLog log;

	private final Mirror mirror = new Mirror();

	private volatile LogicalReplicationStream stream;

	private volatile @Nullable CompletableFuture<Void> crashRequest;

	private volatile @Nullable Map<Integer, List<Long>> truth;

	private volatile long earlierReconnects;

	SoakConsumer(PostgresServer server, String database, String slot, FaultProxy proxy, ReplicationStreamConfig config,
			DeliveryLog log) {
		this.server = server;
		this.database = database;
		this.slot = slot;
		this.proxy = proxy;
		this.config = config;
		this.log = log;
		this.stream = newStream(Lsn.INVALID);
	}

	private LogicalReplicationStream newStream(Lsn applied) {
		LogicalReplicationStream opened = LogicalReplicationStream
			.open(LedgerConsumer.connection(this.proxy.host(), this.proxy.port(), this.database), this.config);
		if (applied.isValid()) {
			// the application's own store says how far it got
			opened.acknowledge(applied);
		}
		opened.initialize();
		opened.start(null);
		return opened;
	}

	/**
	 * Consumes in a background thread until {@link #finish(Map)} was called and every transaction of
	 * that truth was delivered (then half a second longer, for late repeats).
	 * @return the consumption, failing if the stream failed
	 */
	CompletableFuture<Void> runInBackground() {
		CompletableFuture<Void> done = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				long lingerUntil = 0;
				while (true) {
					CompletableFuture<Void> crash = this.crashRequest;
					if (crash != null) {
						crash();
						this.crashRequest = null;
						crash.complete(null);
					}
					Map<Integer, List<Long>> all = this.truth;
					if (all != null && lingerUntil == 0 && this.log.hasAll(all)) {
						lingerUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
					}
					if (lingerUntil != 0 && System.nanoTime() - lingerUntil > 0) {
						break;
					}
					handle(this.stream.nextEvent(Duration.ofMillis(100)));
				}
				done.complete(null);
			}
			catch (Throwable ex) {
				done.completeExceptionally(ex);
			}
		}, "soak-consumer");
		thread.setDaemon(true);
		thread.start();
		return done;
	}

	private void handle(@Nullable ChangeEvent event) {
		if (event == null) {
			return;
		}
		EventType type = event.eventType();
		if (type instanceof EventType.Begin) {
			this.log.begin();
			this.mirror.begin();
		}
		else if (type instanceof EventType.Insert insert && insert.table().equals("ledger")) {
			this.log.row(insert.data().get("seq", Long.class));
		}
		else if (type instanceof EventType.TableChange change && !(type instanceof EventType.Relation)) {
			this.mirror.change(change);
		}
		else if (type instanceof EventType.Commit commit) {
			this.log.commit(commit.endLsn());
			this.mirror.commit(commit.endLsn());
			this.stream.acknowledge(commit.endLsn());
			this.log.acknowledged(commit.endLsn());
		}
	}

	/**
	 * Asks the consumer thread to crash and start again, and waits until it has.
	 */
	void crashAndRestart() throws Exception {
		CompletableFuture<Void> request = new CompletableFuture<>();
		this.crashRequest = request;
		request.get(60, TimeUnit.SECONDS);
	}

	private void crash() {
		LogicalReplicationStream dying = this.stream;
		this.earlierReconnects += dying.status().reconnects();
		// nothing more reaches the server: not the acknowledgements since the last status update, not
		// the final one close() sends; then the connections die as a killed process's would
		this.proxy.blackhole();
		CompletableFuture.runAsync(this.proxy::resetAll, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
		dying.close();
		this.proxy.resetAll();
		this.proxy.heal();
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> "0".equals(this.server.queryForString(
				this.database, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + this.slot + "' AND active")));
		Lsn slotPosition = LedgerConsumer.confirmedFlush(this.server, this.database, this.slot);
		assertThat(slotPosition).isNotNull();
		this.log.slotConfirmed(slotPosition);
		// the new stream starts at the application's position: nothing at or below it may come again
		this.log.restarted(Lsn.max(slotPosition, this.mirror.applied()));
		this.stream = newStream(this.mirror.applied());
	}

	/** @return reconnections of every stream so far (each crash starts a new stream) */
	long reconnects() {
		return this.earlierReconnects + this.stream.status().reconnects();
	}

	LogicalReplicationStream stream() {
		return this.stream;
	}

	void finish(Map<Integer, List<Long>> all) {
		this.truth = all;
	}

	/** @return the mirror; read it only once the consumption has ended */
	Mirror mirror() {
		return this.mirror;
	}

	void close() {
		this.stream.close();
	}

	static ReplicationStreamConfig.Builder config(String slot, Path spill) {
		// spill past 256 kB: the soak's large transactions go to disk on the way
		return LedgerConsumer.config(slot, spill).spillThresholdBytes(256 * 1024);
	}

}
