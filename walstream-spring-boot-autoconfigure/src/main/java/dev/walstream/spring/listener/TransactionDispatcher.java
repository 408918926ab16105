package dev.walstream.spring.listener;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.walstream.Lsn;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * Hands each event to the listeners that want it, in registration order: single-event listeners at
 * once, transaction listeners at the commit with the transaction's matching events. Keeps, for
 * each transaction listener, the matching events of the transaction in progress.
 *
 * <p>Used by one thread, the runner's.
 */
final class TransactionDispatcher {

	private final WalListenerRegistry registry;

	private final ListenerInvoker invoker;

	private final Map<WalListenerEndpoint, List<ChangeEvent>> transactionEvents = new HashMap<>();

	TransactionDispatcher(WalListenerRegistry registry, ListenerInvoker invoker) {
		this.registry = registry;
		this.invoker = invoker;
	}

	/**
	 * Dispatches an event.
	 * @return {@code true} if every listener handled it (or its error was skipped), {@code false}
	 * if streaming must stop without acknowledging it
	 */
	boolean dispatch(ChangeEvent event) {
		EventType type = event.eventType();
		if (type instanceof EventType.Begin) {
			this.transactionEvents.clear();
			return true;
		}
		boolean standalone = event.xid() == 0;
		List<WalListenerEndpoint> endpoints = this.registry.getEndpoints();
		for (WalListenerEndpoint endpoint : endpoints) {
			if (!endpoint.isActive() || !endpoint.matches(event)) {
				continue;
			}
			if (!endpoint.isTransactional()) {
				if (!this.invoker.invoke(endpoint, WalInvocation.of(event))) {
					return false;
				}
			}
			else if (standalone) {
				if (!this.invoker.invoke(endpoint, WalInvocation.ofTransaction(List.of(event)))) {
					return false;
				}
			}
			else {
				this.transactionEvents.computeIfAbsent(endpoint, (key) -> new ArrayList<>()).add(event);
			}
		}
		if (standalone || acknowledgePosition(event) == null) {
			return true;
		}
		return completeTransaction(endpoints);
	}

	private boolean completeTransaction(List<WalListenerEndpoint> endpoints) {
		try {
			for (WalListenerEndpoint endpoint : endpoints) {
				List<ChangeEvent> events = this.transactionEvents.get(endpoint);
				if (events != null && !this.invoker.invoke(endpoint, WalInvocation.ofTransaction(events))) {
					return false;
				}
			}
			return true;
		}
		finally {
			this.transactionEvents.clear();
		}
	}

	/**
	 * Returns the position that acknowledges everything up to and including an event, once it is
	 * handled: the end of a commit or a prepared transaction, or a non-transactional message's
	 * own position; {@code null} for events inside a transaction.
	 * @param event the event
	 * @return the position, or {@code null}
	 */
	static @Nullable Lsn acknowledgePosition(ChangeEvent event) {
		return event.acknowledgementLsn();
	}

}
