package dev.walstream.spring.listener;

import java.util.function.BooleanSupplier;

import dev.walstream.spring.observation.DefaultWalListenerObservationConvention;
import dev.walstream.spring.observation.WalListenerObservation;
import dev.walstream.spring.observation.WalListenerObservationContext;
import dev.walstream.spring.observation.WalListenerObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Calls a listener, retrying it with a back-off while it fails, then asks the error handler. Retries
 * end early when the runner is stopping, so that shutdown waits at most for one back-off delay.
 * Each call is timed for the {@link ReplicationRunnerObserver}, and observed when an
 * {@link ObservationRegistry} is set.
 */
final class ListenerInvoker {

	private static final Log logger = LogFactory.getLog(ListenerInvoker.class);

	private final RetryTemplate retryTemplate;

	private final WalListenerErrorHandler errorHandler;

	private final String slotName;

	private final ReplicationRunnerObserver observer;

	private final @Nullable ObservationRegistry observationRegistry;

	private final @Nullable WalListenerObservationConvention observationConvention;

	private volatile @Nullable Throwable unhandledFailure;

	ListenerInvoker(String slotName, ListenerSettings settings, BooleanSupplier stopping) {
		this.retryTemplate = new RetryTemplate(new StoppableRetryPolicy(settings.backOff(), stopping));
		this.errorHandler = settings.errorHandler();
		this.slotName = slotName;
		this.observer = settings.observer();
		ObservationRegistry registry = settings.observationRegistry();
		this.observationRegistry = (registry != null && !registry.isNoop()) ? registry : null;
		this.observationConvention = settings.observationConvention();
	}

	/**
	 * Calls the endpoint.
	 * @return {@code true} if the invocation counts as handled (it succeeded, or the error handler
	 * skipped it), {@code false} if streaming must stop
	 */
	boolean invoke(WalListenerEndpoint endpoint, WalInvocation invocation) {
		Attempts attempts = new Attempts();
		try {
			this.retryTemplate.execute(() -> {
				attempt(endpoint, invocation, attempts);
				return null;
			});
			return true;
		}
		catch (RetryException ex) {
			WalListenerFailure failure = new WalListenerFailure(endpoint.getId(), invocation.events(),
					ex.getLastException(), ex.getRetryCount() + 1);
			WalListenerErrorHandler.Resolution resolution = resolve(failure);
			this.observer.listenerFailed(failure, resolution);
			if (resolution == WalListenerErrorHandler.Resolution.SKIP) {
				return true;
			}
			this.unhandledFailure = failure.cause();
			return false;
		}
	}

	private void attempt(WalListenerEndpoint endpoint, WalInvocation invocation, Attempts attempts) throws Exception {
		Throwable previous = attempts.lastFailure;
		if (previous != null) {
			this.observer.listenerRetried(endpoint, previous);
		}
		long start = System.nanoTime();
		Throwable failure = null;
		try {
			if (this.observationRegistry != null) {
				observe(endpoint, invocation, this.observationRegistry);
			}
			else {
				endpoint.getInvocable().invoke(invocation);
			}
		}
		catch (Exception | Error ex) {
			failure = ex;
			attempts.lastFailure = ex;
			throw ex;
		}
		finally {
			long duration = System.nanoTime() - start;
			endpoint.recordInvocation(failure != null);
			this.observer.listenerInvoked(endpoint, invocation, duration, failure);
		}
	}

	private void observe(WalListenerEndpoint endpoint, WalInvocation invocation, ObservationRegistry registry)
			throws Exception {
		WalListenerObservation.LISTENER_OBSERVATION
			.observation(this.observationConvention, DefaultWalListenerObservationConvention.INSTANCE,
					() -> new WalListenerObservationContext(this.slotName, endpoint.getId(), invocation.events(),
							endpoint.isTransactional()),
					registry)
			.observeChecked(() -> endpoint.getInvocable().invoke(invocation));
	}

	/**
	 * Returns what the listener threw when the last unhandled failure stopped streaming.
	 * @return the exception, or {@code null}
	 */
	@Nullable Throwable unhandledFailure() {
		return this.unhandledFailure;
	}

	private WalListenerErrorHandler.Resolution resolve(WalListenerFailure failure) {
		try {
			return this.errorHandler.handle(failure);
		}
		catch (RuntimeException ex) {
			logger.error(failure.describe() + "; the error handler failed too, stopping the stream", ex);
			return WalListenerErrorHandler.Resolution.STOP;
		}
	}

	/**
	 * The last failure of the invocation at hand, so that a retry can be reported with it.
	 */
	private static final class Attempts {

		@Nullable Throwable lastFailure;

	}

	/**
	 * Retries every failure with the configured back-off, unless the runner is stopping.
	 */
	private static final class StoppableRetryPolicy implements RetryPolicy {

		private final BackOff backOff;

		private final BooleanSupplier stopping;

		StoppableRetryPolicy(BackOff backOff, BooleanSupplier stopping) {
			this.backOff = backOff;
			this.stopping = stopping;
		}

		@Override
		public boolean shouldRetry(Throwable throwable) {
			return !this.stopping.getAsBoolean();
		}

		@Override
		public BackOff getBackOff() {
			return () -> {
				BackOffExecution execution = this.backOff.start();
				return () -> this.stopping.getAsBoolean() ? BackOffExecution.STOP : execution.nextBackOff();
			};
		}

	}

}
