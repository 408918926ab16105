package dev.walstream.spring.metrics;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.event.Operation;
import dev.walstream.spring.listener.FailureKind;
import dev.walstream.spring.listener.ReplicationRunnerObserver;
import dev.walstream.spring.listener.WalInvocation;
import dev.walstream.spring.listener.WalListenerEndpoint;
import dev.walstream.spring.listener.WalListenerErrorHandler;
import dev.walstream.spring.listener.WalListenerFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Counts and times what one runner does, on the runner's thread: events by table and operation,
 * transactions, listener calls, retries and errors. Meters are looked up once per table,
 * operation, listener or kind and kept, so that an event costs a map look-up at most.
 */
final class RunnerMeters implements ReplicationRunnerObserver {

	static final String NO_TABLE = "none";

	private final MeterRegistry registry;

	private final String slot;

	private final boolean timeListeners;

	private final Counter transactions;

	/** schema, then table, then operation; used by the runner's thread only. */
	private final Map<String, Map<String, Map<Operation, Counter>>> events = new HashMap<>();

	private final Map<Operation, Counter> messages = new EnumMap<>(Operation.class);

	/** Each listener's timer of successful calls; used by the runner's thread only. */
	private final Map<WalListenerEndpoint, Timer> successes = new IdentityHashMap<>();

	// the last table's counters: consecutive events mostly change one table
	private @Nullable String lastSchema;

	private @Nullable String lastTable;

	private @Nullable Map<Operation, Counter> lastCounters;

	RunnerMeters(MeterRegistry registry, String slot, boolean timeListeners) {
		this.registry = registry;
		this.slot = slot;
		this.timeListeners = timeListeners;
		this.transactions = Counter.builder("walstream.transactions")
			.description("Transactions handled by every listener and acknowledged")
			.baseUnit("transactions")
			.tag("slot", slot)
			.register(registry);
	}

	@Override
	public void eventReceived(ChangeEvent event) {
		EventType type = event.eventType();
		if (type instanceof EventType.TableChange change) {
			tableCounters(change.schema(), change.table()).computeIfAbsent(type.operation(), this::eventCounter).increment();
		}
		else if (type instanceof EventType.Truncate truncate) {
			for (String table : truncate.tables()) {
				int dot = table.indexOf('.');
				String schema = (dot < 0) ? "public" : table.substring(0, dot);
				tableCounters(schema, table.substring(dot + 1)).computeIfAbsent(Operation.TRUNCATE, this::eventCounter)
					.increment();
			}
		}
		else if (type instanceof EventType.Message) {
			this.messages.computeIfAbsent(Operation.MESSAGE, (operation) -> eventCounter(NO_TABLE, operation))
				.increment();
		}
	}

	private Map<Operation, Counter> tableCounters(String schema, String table) {
		// identity first: the relation cache hands out the same strings for one table
		Map<Operation, Counter> counters = this.lastCounters;
		if (counters != null && schema == this.lastSchema && table == this.lastTable) {
			return counters;
		}
		counters = this.events.computeIfAbsent(schema, (key) -> new HashMap<>())
			.computeIfAbsent(table, (key) -> new EnumMap<>(Operation.class));
		this.lastSchema = schema;
		this.lastTable = table;
		this.lastCounters = counters;
		return counters;
	}

	private Counter eventCounter(Operation operation) {
		return eventCounter(this.lastSchema + "." + this.lastTable, operation);
	}

	private Counter eventCounter(String table, Operation operation) {
		return Counter.builder("walstream.events")
			.description("Change events received, by table and operation")
			.baseUnit("events")
			.tags("slot", this.slot, "table", table, "operation", operation.name().toLowerCase(Locale.ROOT))
			.register(this.registry);
	}

	@Override
	public void transactionAcknowledged(ChangeEvent event) {
		Operation operation = event.operation();
		if (event.xid() != 0 && (operation == Operation.COMMIT || operation == Operation.COMMIT_PREPARED)) {
			this.transactions.increment();
		}
	}

	@Override
	public void listenerInvoked(WalListenerEndpoint endpoint, WalInvocation invocation, long durationNanos,
			@Nullable Throwable failure) {
		if (!this.timeListeners) {
			// the listener observation records the same timer
			return;
		}
		Timer timer = (failure != null) ? listenerTimer(endpoint, failure)
				: this.successes.computeIfAbsent(endpoint, (key) -> listenerTimer(key, null));
		timer.record(durationNanos, TimeUnit.NANOSECONDS);
	}

	private Timer listenerTimer(WalListenerEndpoint endpoint, @Nullable Throwable failure) {
		// the tags of Micrometer's DefaultMeterObservationHandler, so that the timer is the same with
		// and without the observation
		return Timer.builder("walstream.listener")
			.description("Calls of @WalListener methods, retries included")
			.tags(Tags.of("slot", this.slot, "listener", endpoint.getId(), "outcome",
					(failure != null) ? "failure" : "success", "error",
					(failure != null) ? failure.getClass().getSimpleName() : "none"))
			.register(this.registry);
	}

	@Override
	public void listenerRetried(WalListenerEndpoint endpoint, Throwable failure) {
		Counter.builder("walstream.listener.retries")
			.description("Calls of failed listeners made again")
			.baseUnit("retries")
			.tags("slot", this.slot, "listener", endpoint.getId())
			.register(this.registry)
			.increment();
	}

	@Override
	public void listenerFailed(WalListenerFailure failure, WalListenerErrorHandler.Resolution resolution) {
		error(FailureKind.LISTENER);
	}

	@Override
	public void connectionFailed(Throwable failure) {
		error(FailureKind.of(failure));
	}

	@Override
	public void runnerFailed(Throwable failure) {
		error(FailureKind.of(failure));
	}

	private void error(FailureKind kind) {
		Counter.builder("walstream.errors")
			.description("Failures: listeners whose retries were spent, failed connection attempts, and failures "
					+ "that stopped the runner")
			.baseUnit("errors")
			.tags("slot", this.slot, "kind", kind.tag())
			.register(this.registry)
			.increment();
	}

}
