package dev.walstream.spring.listener;

import dev.walstream.event.ChangeEvent;
import org.jspecify.annotations.Nullable;

/**
 * Told what a {@link ReplicationRunner} does, for metrics: the events it dispatches, the
 * transactions it acknowledges, how its listeners fare, and the failures it meets.
 *
 * <p>Every method is called on the runner's thread, in the order things happen, so an
 * implementation must be quick and must not block; an exception it throws is logged and otherwise
 * ignored. Every method does nothing by default.
 *
 * @since 0.1.0
 * @see ReplicationRunner#addObserver(ReplicationRunnerObserver)
 */
public interface ReplicationRunnerObserver {

	/**
	 * Called for every event the stream delivers, before it is dispatched: transactions' begins and
	 * commits, row changes, truncates and messages.
	 * @param event the event
	 */
	default void eventReceived(ChangeEvent event) {
	}

	/**
	 * Called when a transaction (or a non-transactional message, or a prepared transaction) was
	 * handled by every listener and acknowledged.
	 * @param event the event that ended it: a commit, a prepare, or the message
	 */
	default void transactionAcknowledged(ChangeEvent event) {
	}

	/**
	 * Called after each call of a listener, retries included.
	 * @param endpoint the listener
	 * @param invocation what it was given
	 * @param durationNanos how long the call took
	 * @param failure what it threw, or {@code null} if it returned
	 */
	default void listenerInvoked(WalListenerEndpoint endpoint, WalInvocation invocation, long durationNanos,
			@Nullable Throwable failure) {
	}

	/**
	 * Called before a failed listener is called again.
	 * @param endpoint the listener
	 * @param failure what it threw last
	 */
	default void listenerRetried(WalListenerEndpoint endpoint, Throwable failure) {
	}

	/**
	 * Called once a listener's retries are spent and the error handler decided.
	 * @param failure the failure
	 * @param resolution what the error handler decided
	 */
	default void listenerFailed(WalListenerFailure failure, WalListenerErrorHandler.Resolution resolution) {
	}

	/**
	 * Called when connecting failed and is tried again, also while another instance holds the
	 * slot.
	 * @param failure the failure
	 */
	default void connectionFailed(Throwable failure) {
	}

	/**
	 * Called once when a replication failure stopped the runner; a listener failure that stopped it
	 * was told to {@link #listenerFailed} already.
	 * @param failure the failure
	 */
	default void runnerFailed(Throwable failure) {
	}

}
