package dev.walstream.spring.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.spring.listener.RunnerState;
import dev.walstream.stream.SlotHealth;
import dev.walstream.stream.StreamStatus;
import dev.walstream.stream.TransactionAssembler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Binds the meters of {@link ReplicationRunner}s, each tagged with its slot: lag in bytes and in
 * time, the slot as the server reports it, buffered and spilled transactions, reconnections and
 * the runner's state, sampled when the registry is read; and, counted as they happen, events by
 * table and operation, transactions, listener calls, retries and errors.
 *
 * <p>Listener calls are timed as {@code walstream.listener} here unless the runner
 * {@linkplain ReplicationRunner#isObservationEnabled() observes them}, in which case the
 * observation records the same timer.
 *
 * @since 0.1.0
 */
public class WalstreamMetrics implements MeterBinder {

	/** The values {@code wal_status} may have. */
	static final List<String> WAL_STATUSES = List.of("reserved", "extended", "unreserved", "lost");

	private final List<ReplicationRunner> runners;

	/** Keeps what the function counters read: Micrometer holds them weakly. */
	private final List<SampledTotal> totals = new ArrayList<>();

	/**
	 * Creates a binder.
	 * @param runners the runners to measure
	 */
	public WalstreamMetrics(List<ReplicationRunner> runners) {
		this.runners = List.copyOf(runners);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ReplicationRunner runner : this.runners) {
			bind(registry, runner);
		}
	}

	private void bind(MeterRegistry registry, ReplicationRunner runner) {
		Tags slot = Tags.of("slot", runner.getSlotName());
		TimeGauge.builder("walstream.lag", runner, TimeUnit.MILLISECONDS, (r) -> r.getLag().toMillis())
			.description("How far behind in time the listeners are: now minus the commit time of the transaction "
					+ "in hand, or of the newest handled one; 0 when caught up")
			.tags(slot)
			.strongReference(true)
			.register(registry);
		statusGauge(registry, runner, slot, "walstream.lag.bytes",
				"WAL the server holds for this consumer: the server's end of WAL minus the confirmed position",
				StreamStatus::lagBytes);
		statusGauge(registry, runner, slot, "walstream.unacknowledged.bytes",
				"WAL received but not yet acknowledged: the received position minus the acknowledged one",
				(status) -> Math.max(0, status.receivedLsn().minus(status.flushedLsn())));
		slotGauge(registry, runner, slot, "walstream.slot.retained.bytes",
				"WAL the server keeps for the slot (current position minus restart_lsn), from the last health check",
				SlotHealth::retainedWalBytes);
		slotGauge(registry, runner, slot, "walstream.slot.confirmed.lag.bytes",
				"The server's current position minus the slot's confirmed_flush_lsn, from the last health check",
				SlotHealth::confirmedLagBytes);
		slotGauge(registry, runner, slot, "walstream.slot.safe.wal.bytes",
				"WAL that may still be written before the slot is in danger of losing WAL (safe_wal_size); "
						+ "NaN when unlimited",
				(health) -> (health.safeWalSizeBytes() != null) ? health.safeWalSizeBytes() : Double.NaN);
		for (String walStatus : WAL_STATUSES) {
			Gauge.builder("walstream.slot.wal.status", runner, (r) -> walStatusIs(r, walStatus))
				.description("1 for the slot's wal_status at the last health check, 0 for the others")
				.tags(slot.and("status", walStatus))
				.strongReference(true)
				.register(registry);
		}
		for (RunnerState state : RunnerState.values()) {
			Gauge.builder("walstream.runner.state", runner, (r) -> (r.getState() == state) ? 1 : 0)
				.description("1 for what the runner is doing now, 0 for the other states")
				.tags(slot.and("state", state.name().toLowerCase(Locale.ROOT)))
				.strongReference(true)
				.register(registry);
		}
		bufferGauge(registry, runner, slot.and("location", "memory"), "walstream.buffered.bytes",
				"Bytes of transactions held until they commit", BaseUnits.BYTES, TransactionAssembler.Stats::bytesInMemory);
		bufferGauge(registry, runner, slot.and("location", "disk"), "walstream.buffered.bytes",
				"Bytes of transactions held until they commit", BaseUnits.BYTES, TransactionAssembler.Stats::bytesOnDisk);
		bufferGauge(registry, runner, slot, "walstream.buffered.transactions",
				"Transactions held until they commit, prepared ones included", "transactions",
				TransactionAssembler.Stats::openTransactions);
		total(registry, runner, slot, "walstream.spilled.transactions",
				"Times a large transaction was spilled to disk", "transactions",
				(status) -> (status.buffers() != null) ? status.buffers().transactionsSpilled() : Long.MIN_VALUE, false);
		total(registry, runner, slot, "walstream.spilled.bytes", "Bytes written to spill files", BaseUnits.BYTES,
				(status) -> (status.buffers() != null) ? status.buffers().bytesSpilled() : Long.MIN_VALUE, false);
		total(registry, runner, slot, "walstream.reconnects",
				"Times the stream reconnected after a transient failure", "reconnects", StreamStatus::reconnects, false);
		total(registry, runner, slot, "walstream.received.wal",
				"WAL the stream moved past (advance of the received position): a throughput measure, not bytes on "
						+ "the wire",
				BaseUnits.BYTES, (status) -> status.receivedLsn().isValid() ? status.receivedLsn().value() : Long.MIN_VALUE,
				true);
		runner.addObserver(new RunnerMeters(registry, runner.getSlotName(), !runner.isObservationEnabled()));
	}

	private static void statusGauge(MeterRegistry registry, ReplicationRunner runner, Tags tags, String name,
			String description, ToDoubleFunction<StreamStatus> value) {
		Gauge.builder(name, runner, (r) -> {
			StreamStatus status = r.getStatus();
			return (status != null) ? value.applyAsDouble(status) : Double.NaN;
		}).description(description).baseUnit(BaseUnits.BYTES).tags(tags).strongReference(true).register(registry);
	}

	private static void slotGauge(MeterRegistry registry, ReplicationRunner runner, Tags tags, String name,
			String description, ToDoubleFunction<SlotHealth> value) {
		Gauge.builder(name, runner, (r) -> {
			SlotHealth health = slotHealth(r);
			return (health != null) ? value.applyAsDouble(health) : Double.NaN;
		}).description(description).baseUnit(BaseUnits.BYTES).tags(tags).strongReference(true).register(registry);
	}

	private static void bufferGauge(MeterRegistry registry, ReplicationRunner runner, Tags tags, String name,
			String description, String unit, ToDoubleFunction<TransactionAssembler.Stats> value) {
		Gauge.builder(name, runner, (r) -> {
			StreamStatus status = r.getStatus();
			TransactionAssembler.Stats buffers = (status != null) ? status.buffers() : null;
			return (buffers != null) ? value.applyAsDouble(buffers) : 0;
		}).description(description).baseUnit(unit).tags(tags).strongReference(true).register(registry);
	}

	private void total(MeterRegistry registry, ReplicationRunner runner, Tags tags, String name, String description,
			String unit, ToLongFunction<StreamStatus> value, boolean position) {
		SampledTotal total = new SampledTotal(runner, value, position);
		this.totals.add(total);
		FunctionCounter.builder(name, total, SampledTotal::sample)
			.description(description)
			.baseUnit(unit)
			.tags(tags)
			.register(registry);
	}

	private static double walStatusIs(ReplicationRunner runner, String walStatus) {
		SlotHealth health = slotHealth(runner);
		return (health != null && walStatus.equals(health.walStatus())) ? 1 : 0;
	}

	/**
	 * Returns the slot's state from the last successful health check.
	 */
	private static @Nullable SlotHealth slotHealth(ReplicationRunner runner) {
		StreamStatus status = runner.getStatus();
		SlotHealth health = (status != null) ? status.slotHealth() : null;
		return (health != null && health.error() == null) ? health : null;
	}

}
