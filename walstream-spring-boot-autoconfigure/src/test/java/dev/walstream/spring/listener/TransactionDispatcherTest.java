package dev.walstream.spring.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import dev.walstream.Lsn;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.Operation;
import dev.walstream.event.RelationInfo;
import dev.walstream.spring.testsupport.Events;
import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionDispatcherTest {

	private final RelationInfo orders = Events.orders("public", "orders");

	private final RelationInfo audit = Events.orders("audit", "log");

	private final WalListenerRegistry registry = new WalListenerRegistry();

	private final List<String> calls = new ArrayList<>();

	private final List<WalListenerFailure> failures = new ArrayList<>();

	private WalListenerErrorHandler.Resolution resolution = WalListenerErrorHandler.Resolution.STOP;

	private final AtomicBoolean stopping = new AtomicBoolean();

	private final TransactionDispatcher dispatcher = new TransactionDispatcher(this.registry,
			invoker(new FixedBackOff(0, 2), (failure) -> {
				this.failures.add(failure);
				return this.resolution;
			}, this.stopping::get));

	@Test
	void singleEventListenersAreCalledPerMatchingEventInRegistrationOrder() {
		register("first", List.of("public.orders"), Set.of(), false, recordCalls("first"));
		register("second", List.of("*"), Set.of(Operation.INSERT), false, recordCalls("second"));
		assertThat(dispatchAll(transaction(100, Events.insert(7, 100, 1, order("1")),
				Events.delete(7, 100, 2, Events.row(this.audit, "2", null, null))))).isTrue();
		assertThat(this.calls).containsExactly("first:INSERT:public.orders", "second:INSERT:public.orders");
	}

	@Test
	void transactionListenerGetsMatchingEventsOfOneTransactionAtCommit() {
		register("tx", List.of("public.orders"), Set.of(), true, (invocation) -> this.calls
			.add("tx:" + invocation.transaction().stream().map(ChangeEvent::ordinal).toList()));
		register("single", List.of("public.orders"), Set.of(), false, recordCalls("single"));
		List<ChangeEvent> transaction = transaction(100, Events.insert(7, 100, 1, order("1")),
				Events.insert(7, 100, 2, Events.row(this.audit, "2", null, null)), Events.insert(7, 100, 3, order("3")));
		assertThat(dispatchAll(transaction)).isTrue();
		assertThat(this.calls).containsExactly("single:INSERT:public.orders", "single:INSERT:public.orders",
				"tx:[1, 3]");
	}

	@Test
	void transactionWithoutMatchingEventsDoesNotCallTransactionListener() {
		register("tx", List.of("public.orders"), Set.of(), true, (invocation) -> this.calls.add("tx"));
		assertThat(dispatchAll(transaction(100, Events.insert(7, 100, 1, Events.row(this.audit, "2", null, null)))))
			.isTrue();
		assertThat(this.calls).isEmpty();
	}

	@Test
	void operationsFilterEvents() {
		register("deletes", List.of(), Set.of(Operation.DELETE, Operation.TRUNCATE), false, recordCalls("deletes"));
		dispatchAll(transaction(100, Events.insert(7, 100, 1, order("1")), Events.delete(7, 100, 2, order("1")),
				Events.truncate(7, 100, 3, "public.orders")));
		assertThat(this.calls).containsExactly("deletes:DELETE:public.orders", "deletes:TRUNCATE:null");
	}

	@Test
	void truncateMatchesWhenAnyOfItsTablesMatches() {
		register("t", List.of("audit.*"), Set.of(Operation.TRUNCATE), false, recordCalls("t"));
		dispatchAll(transaction(100, Events.truncate(7, 100, 1, "public.orders", "audit.log"),
				Events.truncate(7, 100, 2, "public.orders")));
		assertThat(this.calls).containsExactly("t:TRUNCATE:null");
	}

	@Test
	void messagesReachOnlyListenersAskingForThemWhateverTheirTables() {
		register("rows", List.of(), Set.of(), false, recordCalls("rows"));
		register("messages", List.of("public.orders"), Set.of(Operation.MESSAGE), false, recordCalls("messages"));
		assertThat(this.dispatcher.dispatch(Events.message(0, 500, "app", "hello"))).isTrue();
		assertThat(this.calls).containsExactly("messages:MESSAGE:null");
	}

	@Test
	void inactiveListenerIsSkippedUntilStarted() {
		WalListenerEndpoint endpoint = register("idle", List.of(), Set.of(), false, recordCalls("idle"));
		endpoint.stop();
		dispatchAll(transaction(100, Events.insert(7, 100, 1, order("1"))));
		endpoint.start();
		dispatchAll(transaction(200, Events.insert(8, 200, 1, order("2"))));
		assertThat(this.calls).containsExactly("idle:INSERT:public.orders");
	}

	@Test
	void failingListenerIsRetriedThenStopsWithoutCallingLaterListeners() {
		AtomicInteger attempts = new AtomicInteger();
		register("failing", List.of(), Set.of(), false, (invocation) -> {
			attempts.incrementAndGet();
			throw new IllegalStateException("boom");
		});
		register("later", List.of(), Set.of(), false, recordCalls("later"));
		ChangeEvent insert = Events.insert(7, 100, 1, order("1"));
		assertThat(this.dispatcher.dispatch(Events.begin(7, 100))).isTrue();
		assertThat(this.dispatcher.dispatch(insert)).isFalse();
		assertThat(attempts).hasValue(3);
		assertThat(this.calls).isEmpty();
		assertThat(this.failures).singleElement().satisfies((failure) -> {
			assertThat(failure.listenerId()).isEqualTo("failing");
			assertThat(failure.events()).containsExactly(insert);
			assertThat(failure.attempts()).isEqualTo(3);
			assertThat(failure.cause()).hasMessage("boom");
			assertThat(failure.describe()).contains("'failing'", "3 time(s)", "transaction 7");
		});
	}

	@Test
	void listenerSucceedingOnRetryCountsAsHandled() {
		AtomicInteger attempts = new AtomicInteger();
		register("flaky", List.of(), Set.of(), false, (invocation) -> {
			if (attempts.incrementAndGet() < 2) {
				throw new IllegalStateException("once");
			}
		});
		assertThat(dispatchAll(transaction(100, Events.insert(7, 100, 1, order("1"))))).isTrue();
		assertThat(this.failures).isEmpty();
	}

	@Test
	void skippedFailureLetsLaterListenersRun() {
		this.resolution = WalListenerErrorHandler.Resolution.SKIP;
		register("failing", List.of(), Set.of(), false, (invocation) -> {
			throw new IllegalStateException("boom");
		});
		register("later", List.of(), Set.of(), false, recordCalls("later"));
		assertThat(dispatchAll(transaction(100, Events.insert(7, 100, 1, order("1"))))).isTrue();
		assertThat(this.calls).containsExactly("later:INSERT:public.orders");
	}

	@Test
	void failingTransactionListenerStopsAtCommit() {
		register("tx", List.of(), Set.of(), true, (invocation) -> {
			throw new IllegalStateException("boom");
		});
		List<ChangeEvent> transaction = transaction(100, Events.insert(7, 100, 1, order("1")));
		for (ChangeEvent event : transaction.subList(0, 2)) {
			assertThat(this.dispatcher.dispatch(event)).isTrue();
		}
		assertThat(this.dispatcher.dispatch(transaction.get(2))).isFalse();
		assertThat(this.failures).singleElement().satisfies((failure) -> assertThat(failure.events()).hasSize(1));
	}

	@Test
	void errorHandlerThatThrowsStops() {
		WalListenerRegistry registry = new WalListenerRegistry();
		registry.register(new WalListenerEndpoint("failing", TableFilter.all(), Set.of(), false, true, (invocation) -> {
			throw new IllegalStateException("boom");
		}));
		TransactionDispatcher failingHandler = new TransactionDispatcher(registry,
				invoker(new FixedBackOff(0, 0), (failure) -> {
					throw new IllegalStateException("dead letter table is gone");
				}, () -> false));
		assertThat(failingHandler.dispatch(Events.insert(7, 100, 1, order("1")))).isFalse();
	}

	@Test
	void stoppingRunnerEndsRetries() {
		AtomicInteger attempts = new AtomicInteger();
		register("failing", List.of(), Set.of(), false, (invocation) -> {
			attempts.incrementAndGet();
			this.stopping.set(true);
			throw new IllegalStateException("boom");
		});
		assertThat(this.dispatcher.dispatch(Events.insert(7, 100, 1, order("1")))).isFalse();
		assertThat(attempts).hasValue(1);
	}

	@Test
	void acknowledgePositionIsCommitEndOrStandaloneMessagePosition() {
		assertThat(TransactionDispatcher.acknowledgePosition(Events.commit(7, 100, 2))).isEqualTo(Lsn.of(148));
		assertThat(TransactionDispatcher.acknowledgePosition(Events.message(0, 500, "p", "c"))).isEqualTo(Lsn.of(500));
		assertThat(TransactionDispatcher.acknowledgePosition(Events.message(7, 100, "p", "c"))).isNull();
		assertThat(TransactionDispatcher.acknowledgePosition(Events.insert(7, 100, 1, order("1")))).isNull();
		assertThat(TransactionDispatcher.acknowledgePosition(Events.begin(7, 100))).isNull();
	}

	private WalListenerEndpoint register(String id, List<String> tables, Set<Operation> operations,
			boolean transactional, WalListenerInvocable invocable) {
		WalListenerEndpoint endpoint = new WalListenerEndpoint(id, TableFilter.of(tables), operations, transactional,
				true, invocable);
		this.registry.register(endpoint);
		return endpoint;
	}

	private WalListenerInvocable recordCalls(String id) {
		return (invocation) -> {
			ChangeEvent event = invocation.event();
			String table = (event.eventType() instanceof dev.walstream.event.EventType.TableChange change)
					? change.qualifiedName() : null;
			this.calls.add(id + ":" + event.operation() + ":" + table);
		};
	}

	private dev.walstream.event.Row order(String id) {
		return Events.row(this.orders, id, "Ada", "2");
	}

	private static List<ChangeEvent> transaction(long commitLsn, ChangeEvent... changes) {
		long xid = changes[0].xid();
		List<ChangeEvent> events = new ArrayList<>();
		events.add(Events.begin(xid, commitLsn));
		events.addAll(List.of(changes));
		events.add(Events.commit(xid, commitLsn, changes.length + 1));
		return events;
	}

	private boolean dispatchAll(List<ChangeEvent> events) {
		for (ChangeEvent event : events) {
			if (!this.dispatcher.dispatch(event)) {
				return false;
			}
		}
		return true;
	}

	private static ListenerInvoker invoker(BackOff backOff, WalListenerErrorHandler errorHandler,
			BooleanSupplier stopping) {
		return new ListenerInvoker("test_slot", new ListenerSettings(backOff, errorHandler,
				new ReplicationRunnerObserver() {
				}, null, null), stopping);
	}

}
