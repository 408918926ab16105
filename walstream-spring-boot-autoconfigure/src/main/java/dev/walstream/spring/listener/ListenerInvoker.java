package dev.walstream.spring.listener;

import java.util.function.BooleanSupplier;

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
 */
final class ListenerInvoker {

	private static final Log logger = LogFactory.getLog(ListenerInvoker.class);

	private final RetryTemplate retryTemplate;

	private final WalListenerErrorHandler errorHandler;

	private volatile @Nullable Throwable unhandledFailure;

	ListenerInvoker(BackOff backOff, WalListenerErrorHandler errorHandler, BooleanSupplier stopping) {
		this.retryTemplate = new RetryTemplate(new StoppableRetryPolicy(backOff, stopping));
		this.errorHandler = errorHandler;
	}

	/**
	 * Calls the endpoint.
	 * @return {@code true} if the invocation counts as handled (it succeeded, or the error handler
	 * skipped it), {@code false} if streaming must stop
	 */
	boolean invoke(WalListenerEndpoint endpoint, WalInvocation invocation) {
		try {
			this.retryTemplate.execute(() -> {
				endpoint.getInvocable().invoke(invocation);
				return null;
			});
			return true;
		}
		catch (RetryException ex) {
			WalListenerFailure failure = new WalListenerFailure(endpoint.getId(), invocation.events(),
					ex.getLastException(), ex.getRetryCount() + 1);
			if (resolve(failure) == WalListenerErrorHandler.Resolution.SKIP) {
				return true;
			}
			this.unhandledFailure = failure.cause();
			return false;
		}
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
