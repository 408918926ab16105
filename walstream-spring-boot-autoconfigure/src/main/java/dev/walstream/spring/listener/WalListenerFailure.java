package dev.walstream.spring.listener;

import java.util.List;

import dev.walstream.event.ChangeEvent;

/**
 * A listener that still failed after its retries, as handed to the {@link WalListenerErrorHandler}.
 *
 * @param listenerId the failing listener's id
 * @param events the event it failed on, or the transaction's matching events for a listener that
 * receives whole transactions
 * @param cause the last exception it threw
 * @param attempts how many times it was called
 * @since 0.1.0
 */
public record WalListenerFailure(String listenerId, List<ChangeEvent> events, Throwable cause, int attempts) {

	/**
	 * Describes the failure for a log line: the listener, the transaction and the cause.
	 * @return the description
	 */
	public String describe() {
		ChangeEvent first = this.events.get(0);
		return "@WalListener '" + this.listenerId + "' failed " + this.attempts + " time(s) on " + first.operation()
				+ ((this.events.size() > 1) ? " and " + (this.events.size() - 1) + " more events" : "")
				+ " of transaction " + first.xid() + " (commit LSN " + first.lsn() + "): " + this.cause;
	}

}
