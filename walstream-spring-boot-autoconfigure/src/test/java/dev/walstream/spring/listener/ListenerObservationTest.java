package dev.walstream.spring.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.walstream.event.RelationInfo;
import dev.walstream.spring.observation.WalListenerObservationContext;
import dev.walstream.spring.observation.WalListenerObservationConvention;
import dev.walstream.spring.testsupport.Events;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerObservationTest {

	private final RelationInfo orders = Events.orders("public", "orders");

	private final TestObservationRegistry observationRegistry = TestObservationRegistry.create();

	private final List<String> told = new ArrayList<>();

	private final ReplicationRunnerObserver observer = new ReplicationRunnerObserver() {

		@Override
		public void listenerInvoked(WalListenerEndpoint endpoint, WalInvocation invocation, long durationNanos,
				@Nullable Throwable failure) {
			ListenerObservationTest.this.told.add("invoked:" + endpoint.getId() + ":" + (failure != null));
		}

		@Override
		public void listenerRetried(WalListenerEndpoint endpoint, Throwable failure) {
			ListenerObservationTest.this.told.add("retried:" + failure.getMessage());
		}

		@Override
		public void listenerFailed(WalListenerFailure failure, WalListenerErrorHandler.Resolution resolution) {
			ListenerObservationTest.this.told.add("failed:" + failure.attempts() + ":" + resolution);
		}

	};

	@Test
	void eachCallIsObservedWithSlotListenerAndOutcome() {
		ListenerInvoker invoker = invoker(null);
		WalListenerEndpoint endpoint = endpoint("audit", (invocation) -> {
		});
		assertThat(invoker.invoke(endpoint, WalInvocation.of(insert()))).isTrue();
		TestObservationRegistryAssert.assertThat(this.observationRegistry)
			.hasSingleObservationThat()
			.hasNameEqualTo("walstream.listener")
			.hasContextualNameEqualTo("audit receive")
			.hasLowCardinalityKeyValue("slot", "orders_slot")
			.hasLowCardinalityKeyValue("listener", "audit")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasHighCardinalityKeyValue("walstream.lsn", "0/64")
			.hasHighCardinalityKeyValue("walstream.xid", "7")
			.hasBeenStarted()
			.hasBeenStopped();
		assertThat(endpoint.getInvocationCount()).isOne();
		assertThat(endpoint.getFailureCount()).isZero();
		assertThat(this.told).containsExactly("invoked:audit:false");
	}

	@Test
	void failedCallsAndRetriesAreObservedEachWithTheError() {
		ListenerInvoker invoker = invoker(null);
		WalListenerEndpoint endpoint = endpoint("failing", (invocation) -> {
			throw new IllegalStateException("boom");
		});
		assertThat(invoker.invoke(endpoint, WalInvocation.of(insert()))).isTrue();
		TestObservationRegistryAssert.assertThat(this.observationRegistry)
			.hasNumberOfObservationsEqualTo(2)
			.forAllObservationsWithNameEqualTo("walstream.listener",
					(observation) -> observation.hasLowCardinalityKeyValue("outcome", "failure")
						.assertThatError()
						.hasMessage("boom"));
		assertThat(endpoint.getInvocationCount()).isEqualTo(2);
		assertThat(endpoint.getFailureCount()).isEqualTo(2);
		assertThat(this.told).containsExactly("invoked:failing:true", "retried:boom", "invoked:failing:true",
				"failed:2:SKIP");
	}

	@Test
	void customConventionNamesTheObservation() {
		ListenerInvoker invoker = invoker(new WalListenerObservationConvention() {

			@Override
			public String getName() {
				return "cdc.handler";
			}

			@Override
			public KeyValues getLowCardinalityKeyValues(WalListenerObservationContext context) {
				return KeyValues.of("events", Integer.toString(context.getEvents().size()));
			}

		});
		invoker.invoke(endpoint("audit", (invocation) -> {
		}), WalInvocation.ofTransaction(List.of(insert(), insert())));
		TestObservationRegistryAssert.assertThat(this.observationRegistry)
			.hasSingleObservationThat()
			.hasNameEqualTo("cdc.handler")
			.hasLowCardinalityKeyValue("events", "2");
	}

	private ListenerInvoker invoker(@Nullable WalListenerObservationConvention convention) {
		return new ListenerInvoker("orders_slot", new ListenerSettings(new FixedBackOff(0, 1),
				WalListenerErrorHandler.logAndSkip(), this.observer, this.observationRegistry, convention), () -> false);
	}

	private static WalListenerEndpoint endpoint(String id, WalListenerInvocable invocable) {
		return new WalListenerEndpoint(id, TableFilter.all(), Set.of(), false, true, invocable);
	}

	private dev.walstream.event.ChangeEvent insert() {
		return Events.insert(7, 100, 1, Events.row(this.orders, "1", "a", "1"));
	}

}
