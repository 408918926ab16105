package dev.walstream.spring.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.walstream.error.TransientConnectionException;
import dev.walstream.event.RelationInfo;
import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.spring.listener.ReplicationRunnerObserver;
import dev.walstream.spring.listener.RunnerState;
import dev.walstream.spring.listener.TableFilter;
import dev.walstream.spring.listener.WalInvocation;
import dev.walstream.spring.listener.WalListenerEndpoint;
import dev.walstream.spring.listener.WalListenerErrorHandler;
import dev.walstream.spring.listener.WalListenerFailure;
import dev.walstream.spring.testsupport.Events;
import dev.walstream.spring.testsupport.Statuses;
import dev.walstream.stream.StreamStatus;
import dev.walstream.stream.TransactionAssembler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;

class WalstreamMetricsTests {

	private final ReplicationRunner runner = mock(ReplicationRunner.class);

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final AtomicReference<ReplicationRunnerObserver> observer = new AtomicReference<>();

	private final RelationInfo orders = Events.orders("public", "orders");

	private final WalListenerEndpoint listener = new WalListenerEndpoint("audit", TableFilter.all(), Set.of(), false,
			true, (invocation) -> {
			});

	@BeforeEach
	void runner() {
		given(this.runner.getSlotName()).willReturn("orders_slot");
		given(this.runner.getState()).willReturn(RunnerState.STREAMING);
		given(this.runner.getLag()).willReturn(Duration.ofMillis(2500));
		willAnswer((invocation) -> {
			this.observer.set(invocation.getArgument(0));
			return null;
		}).given(this.runner).addObserver(any());
	}

	@Test
	void lagAndPositionsAreSampledFromTheStatus() {
		given(this.runner.getStatus()).willReturn(
				Statuses.status(0x3000, 0x2000, 0x1000, 0x4000, Statuses.slot("extended", 0x800, 1024L)));
		bind();
		assertThat(this.registry.get("walstream.lag").tag("slot", "orders_slot").timeGauge().value(TimeUnit.SECONDS))
			.isEqualTo(2.5);
		assertThat(gauge("walstream.lag.bytes")).isEqualTo(0x3000);
		assertThat(gauge("walstream.unacknowledged.bytes")).isEqualTo(0x1000);
		assertThat(gauge("walstream.slot.retained.bytes")).isEqualTo(0x800);
		assertThat(gauge("walstream.slot.confirmed.lag.bytes")).isEqualTo(0x400);
		assertThat(gauge("walstream.slot.safe.wal.bytes")).isEqualTo(1024);
		assertThat(this.registry.get("walstream.slot.wal.status").tag("status", "extended").gauge().value()).isOne();
		assertThat(this.registry.get("walstream.slot.wal.status").tag("status", "reserved").gauge().value()).isZero();
		assertThat(this.registry.get("walstream.runner.state").tag("state", "streaming").gauge().value()).isOne();
		assertThat(this.registry.get("walstream.runner.state").tag("state", "paused").gauge().value()).isZero();
	}

	@Test
	void unknownValuesAreNaNBeforeTheStreamConnects() {
		bind();
		assertThat(gauge("walstream.lag.bytes")).isNaN();
		assertThat(gauge("walstream.slot.retained.bytes")).isNaN();
		assertThat(gauge("walstream.slot.safe.wal.bytes")).isNaN();
		assertThat(this.registry.get("walstream.buffered.transactions").gauge().value()).isZero();
		assertThat(this.registry.get("walstream.reconnects").functionCounter().count()).isZero();
	}

	@Test
	void countersFromTheStatusStayMonotonicWhenAStreamStartsAgain() {
		AtomicReference<StreamStatus> status = new AtomicReference<>(withCounts(0x1000, 2, 3, 300));
		given(this.runner.getStatus()).willAnswer((invocation) -> status.get());
		bind();
		// each sample adds what a value grew by since the last sample
		assertThat(totals()).containsExactly(2.0, 3.0, 300.0, 0.0);
		status.set(withCounts(0x1800, 5, 4, 400));
		assertThat(totals()).containsExactly(5.0, 4.0, 400.0, 0x800 * 1.0);
		// a new connection: the buffer statistics start from zero; a new stream may resume further back
		status.set(withCounts(0x1400, 1, 1, 50));
		assertThat(totals()).containsExactly(6.0, 5.0, 450.0, 0x800 * 1.0);
		status.set(withCounts(0x1500, 1, 1, 50));
		assertThat(totals()).containsExactly(6.0, 5.0, 450.0, 0x900 * 1.0);
	}

	/**
	 * Reconnects, spilled transactions, spilled bytes, received WAL (a position's first value is its
	 * baseline).
	 */
	private List<Double> totals() {
		return List.of("walstream.reconnects", "walstream.spilled.transactions", "walstream.spilled.bytes",
				"walstream.received.wal")
			.stream()
			.map((name) -> this.registry.get(name).functionCounter().count())
			.toList();
	}

	private static StreamStatus withCounts(long received, long reconnects, long spilled, long spilledBytes) {
		return Statuses.status(received, received, received, received, null, null, reconnects,
				new TransactionAssembler.Stats(10, 20, 1, 0, spilled, spilledBytes));
	}

	@Test
	void eventsAreCountedByTableAndOperation() {
		bind();
		ReplicationRunnerObserver observer = this.observer.get();
		observer.eventReceived(Events.begin(7, 100));
		observer.eventReceived(Events.insert(7, 100, 1, Events.row(this.orders, "1", "a", "1")));
		observer.eventReceived(Events.insert(7, 100, 2, Events.row(this.orders, "2", "b", "1")));
		observer.eventReceived(Events.delete(7, 100, 3, Events.row(this.orders, "1", null, null)));
		observer.eventReceived(Events.truncate(7, 100, 4, "public.orders", "shop.lines"));
		observer.eventReceived(Events.message(0, 120, "app", "hello"));
		observer.eventReceived(Events.commit(7, 100, 5));
		observer.transactionAcknowledged(Events.commit(7, 100, 5));
		observer.transactionAcknowledged(Events.message(0, 120, "app", "hello"));
		assertThat(events("public.orders", "insert")).isEqualTo(2);
		assertThat(events("public.orders", "delete")).isEqualTo(1);
		assertThat(events("public.orders", "truncate")).isEqualTo(1);
		assertThat(events("shop.lines", "truncate")).isEqualTo(1);
		assertThat(events("none", "message")).isEqualTo(1);
		assertThat(this.registry.find("walstream.events").tag("operation", "begin").counter()).isNull();
		assertThat(this.registry.get("walstream.transactions").counter().count()).isOne();
	}

	@Test
	void listenerCallsAreTimedByOutcome() {
		bind();
		ReplicationRunnerObserver observer = this.observer.get();
		WalInvocation invocation = WalInvocation.of(Events.insert(7, 100, 1, Events.row(this.orders, "1", "a", "1")));
		observer.listenerInvoked(this.listener, invocation, 2_000_000, null);
		observer.listenerInvoked(this.listener, invocation, 1_000_000, new IllegalStateException("boom"));
		observer.listenerRetried(this.listener, new IllegalStateException("boom"));
		observer.listenerInvoked(this.listener, invocation, 3_000_000, null);
		assertThat(this.registry.get("walstream.listener")
			.tags("slot", "orders_slot", "listener", "audit", "outcome", "success", "error", "none")
			.timer()
			.count()).isEqualTo(2);
		assertThat(this.registry.get("walstream.listener")
			.tags("listener", "audit", "outcome", "failure", "error", "IllegalStateException")
			.timer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1);
		assertThat(this.registry.get("walstream.listener.retries").tag("listener", "audit").counter().count()).isOne();
	}

	@Test
	void listenerCallsAreNotTimedTwiceWhenObserved() {
		given(this.runner.isObservationEnabled()).willReturn(true);
		bind();
		this.observer.get()
			.listenerInvoked(this.listener, WalInvocation.of(Events.commit(7, 100, 1)), 2_000_000, null);
		assertThat(this.registry.find("walstream.listener").timer()).isNull();
	}

	@Test
	void errorsAreCountedByKind() {
		bind();
		ReplicationRunnerObserver observer = this.observer.get();
		observer.listenerFailed(new WalListenerFailure("audit", List.of(), new IllegalStateException("boom"), 3),
				WalListenerErrorHandler.Resolution.SKIP);
		observer.connectionFailed(new TransientConnectionException("refused"));
		observer.connectionFailed(new TransientConnectionException("refused"));
		observer.runnerFailed(new IllegalStateException("bug"));
		assertThat(this.registry.get("walstream.errors").tag("kind", "listener").counter().count()).isOne();
		assertThat(this.registry.get("walstream.errors").tag("kind", "transient-connection").counter().count())
			.isEqualTo(2);
		assertThat(this.registry.get("walstream.errors").tag("kind", "other").counter().count()).isOne();
	}

	private void bind() {
		new WalstreamMetrics(List.of(this.runner)).bindTo(this.registry);
	}

	private double gauge(String name) {
		return this.registry.get(name).tag("slot", "orders_slot").gauge().value();
	}

	private double events(String table, String operation) {
		return this.registry.get("walstream.events")
			.tags("slot", "orders_slot", "table", table, "operation", operation)
			.counter()
			.count();
	}

}
