package dev.walstream.spring.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.walstream.error.TransientConnectionException;
import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.spring.listener.ReplicationRunnerObserver;
import dev.walstream.spring.listener.RunnerState;
import dev.walstream.spring.listener.TableFilter;
import dev.walstream.spring.listener.WalInvocation;
import dev.walstream.spring.listener.WalListenerEndpoint;
import dev.walstream.spring.listener.WalListenerErrorHandler;
import dev.walstream.spring.listener.WalListenerFailure;
import dev.walstream.spring.observation.DefaultWalListenerObservationConvention;
import dev.walstream.spring.observation.WalListenerObservation;
import dev.walstream.spring.observation.WalListenerObservationContext;
import dev.walstream.spring.testsupport.Events;
import dev.walstream.spring.testsupport.Statuses;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;

/**
 * Every meter walstream registers is in the meters table of {@code docs/observability.md}, and
 * every meter in that table is one walstream registers.
 */
class MeterDocumentationTests {

	private static final Path DOCUMENT = Path.of("../docs/observability.md");

	private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(walstream\\.[a-z.]+)` \\|", Pattern.MULTILINE);

	@Test
	void everyMeterIsDocumentedAndEveryDocumentedMeterExists() throws IOException {
		MeterRegistry registry = new SimpleMeterRegistry();
		registerEveryMeter(registry, false);
		registerObservedListenerMeters(registry);
		Set<String> registered = new TreeSet<>();
		registry.getMeters().forEach((meter) -> registered.add(meter.getId().getName()));
		assertThat(documented()).containsExactlyInAnyOrderElementsOf(registered);
	}

	@Test
	void listenerTimerHasTheSameTagsWithAndWithoutTheObservation() {
		MeterRegistry direct = new SimpleMeterRegistry();
		registerEveryMeter(direct, false);
		MeterRegistry observed = new SimpleMeterRegistry();
		registerObservedListenerMeters(observed);
		assertThat(tagKeys(observed.get("walstream.listener").timer()))
			.isEqualTo(tagKeys(direct.get("walstream.listener").timers().iterator().next()));
	}

	private static Set<String> tagKeys(Meter meter) {
		Set<String> keys = new TreeSet<>();
		meter.getId().getTags().stream().map(Tag::getKey).forEach(keys::add);
		return keys;
	}

	private static Set<String> documented() throws IOException {
		String text = Files.readString(DOCUMENT);
		String meters = text.substring(text.indexOf("## Meters"), text.indexOf("### Listener Observation"));
		Set<String> names = new TreeSet<>();
		Matcher matcher = TABLE_ROW.matcher(meters);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	/**
	 * Binds the meters of a runner and tells them everything a runner tells.
	 */
	private static void registerEveryMeter(MeterRegistry registry, boolean observed) {
		ReplicationRunner runner = mock(ReplicationRunner.class);
		given(runner.getSlotName()).willReturn("orders_slot");
		given(runner.getState()).willReturn(RunnerState.STREAMING);
		given(runner.getLag()).willReturn(Duration.ZERO);
		given(runner.isObservationEnabled()).willReturn(observed);
		given(runner.getStatus())
			.willReturn(Statuses.status(0x3000, 0x2000, 0x1000, 0x4000, Statuses.slot("reserved", 0x800, null)));
		AtomicReference<ReplicationRunnerObserver> observer = new AtomicReference<>();
		willAnswer((invocation) -> {
			observer.set(invocation.getArgument(0));
			return null;
		}).given(runner).addObserver(any());
		new WalstreamMetrics(List.of(runner)).bindTo(registry);
		ReplicationRunnerObserver told = observer.get();
		WalListenerEndpoint endpoint = new WalListenerEndpoint("audit", TableFilter.all(), Set.of(), false, true,
				(invocation) -> {
				});
		var insert = Events.insert(7, 100, 1, Events.row(Events.orders("public", "orders"), "1", "a", "1"));
		told.eventReceived(insert);
		told.listenerInvoked(endpoint, WalInvocation.of(insert), 1000, null);
		told.listenerRetried(endpoint, new IllegalStateException("boom"));
		told.listenerFailed(new WalListenerFailure("audit", List.of(insert), new IllegalStateException("boom"), 2),
				WalListenerErrorHandler.Resolution.SKIP);
		told.connectionFailed(new TransientConnectionException("refused"));
		told.transactionAcknowledged(Events.commit(7, 100, 2));
		registry.getMeters().forEach((meter) -> meter.measure().forEach((measurement) -> measurement.getValue()));
	}

	/**
	 * Observes a listener call as the runner does with an ObservationRegistry, with Micrometer's
	 * handler that turns observations into meters.
	 */
	private static void registerObservedListenerMeters(MeterRegistry registry) {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(registry));
		WalListenerObservation.LISTENER_OBSERVATION
			.observation(null, DefaultWalListenerObservationConvention.INSTANCE,
					() -> new WalListenerObservationContext("orders_slot", "audit", List.of(Events.commit(7, 100, 1)),
							false),
					observations)
			.observe(() -> {
			});
	}

}
