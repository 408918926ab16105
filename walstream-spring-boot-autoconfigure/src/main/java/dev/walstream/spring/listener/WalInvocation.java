package dev.walstream.spring.listener;

import java.util.List;

import dev.walstream.event.ChangeEvent;
import org.jspecify.annotations.Nullable;

/**
 * What one call of a listener receives: a single event, or the matching events of a whole
 * transaction.
 *
 * @param event the event, or for a transaction its first matching event (whose LSN, xid and commit
 * time are the transaction's)
 * @param transaction the transaction's matching events in commit order, or {@code null} for a
 * single event
 * @since 0.1.0
 */
public record WalInvocation(ChangeEvent event, @Nullable List<ChangeEvent> transaction) {

	/**
	 * Returns the invocation for a single event.
	 * @param event the event
	 * @return the invocation
	 */
	public static WalInvocation of(ChangeEvent event) {
		return new WalInvocation(event, null);
	}

	/**
	 * Returns the invocation for a transaction's matching events.
	 * @param events the events, at least one
	 * @return the invocation
	 */
	public static WalInvocation ofTransaction(List<ChangeEvent> events) {
		return new WalInvocation(events.get(0), List.copyOf(events));
	}

	/**
	 * Returns the events handled by this call, for error reports.
	 * @return the events
	 */
	public List<ChangeEvent> events() {
		return (this.transaction != null) ? this.transaction : List.of(this.event);
	}

}
