package dev.walstream.spring.listener;

import java.util.Arrays;
import java.util.function.Consumer;

import dev.walstream.event.ChangeEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Tells every added {@link ReplicationRunnerObserver}, isolating the runner from their failures.
 * Observers may be added while the runner streams.
 */
final class CompositeObserver implements ReplicationRunnerObserver {

	private static final Log logger = LogFactory.getLog(CompositeObserver.class);

	private volatile ReplicationRunnerObserver[] observers = new ReplicationRunnerObserver[0];

	synchronized void add(ReplicationRunnerObserver observer) {
		ReplicationRunnerObserver[] current = this.observers;
		ReplicationRunnerObserver[] added = Arrays.copyOf(current, current.length + 1);
		added[current.length] = observer;
		this.observers = added;
	}

	private void each(Consumer<ReplicationRunnerObserver> call) {
		for (ReplicationRunnerObserver observer : this.observers) {
			try {
				call.accept(observer);
			}
			catch (RuntimeException ex) {
				logger.warn("Replication runner observer " + observer + " failed", ex);
			}
		}
	}

	@Override
	public void eventReceived(ChangeEvent event) {
		// the hot path: no lambda, and nothing at all without observers
		for (ReplicationRunnerObserver observer : this.observers) {
			try {
				observer.eventReceived(event);
			}
			catch (RuntimeException ex) {
				logger.warn("Replication runner observer " + observer + " failed", ex);
			}
		}
	}

	@Override
	public void transactionAcknowledged(ChangeEvent event) {
		each((observer) -> observer.transactionAcknowledged(event));
	}

	@Override
	public void listenerInvoked(WalListenerEndpoint endpoint, WalInvocation invocation, long durationNanos,
			@Nullable Throwable failure) {
		each((observer) -> observer.listenerInvoked(endpoint, invocation, durationNanos, failure));
	}

	@Override
	public void listenerRetried(WalListenerEndpoint endpoint, Throwable failure) {
		each((observer) -> observer.listenerRetried(endpoint, failure));
	}

	@Override
	public void listenerFailed(WalListenerFailure failure, WalListenerErrorHandler.Resolution resolution) {
		each((observer) -> observer.listenerFailed(failure, resolution));
	}

	@Override
	public void connectionFailed(Throwable failure) {
		each((observer) -> observer.connectionFailed(failure));
	}

	@Override
	public void runnerFailed(Throwable failure) {
		each((observer) -> observer.runnerFailed(failure));
	}

}
