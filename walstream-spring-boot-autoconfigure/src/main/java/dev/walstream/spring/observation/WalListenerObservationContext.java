package dev.walstream.spring.observation;

import java.util.List;

import dev.walstream.event.ChangeEvent;
import io.micrometer.observation.Observation;

/**
 * What an observation of one listener invocation knows: the slot, the listener, and the events it
 * is given.
 *
 * @since 0.1.0
 */
public class WalListenerObservationContext extends Observation.Context {

	private final String slotName;

	private final String listenerId;

	private final List<ChangeEvent> events;

	private final boolean transaction;

	/**
	 * Creates a context.
	 * @param slotName the slot the events come from
	 * @param listenerId the listener's id
	 * @param events the events the listener is given: one, or a whole transaction's
	 * @param transaction whether the listener receives whole transactions
	 */
	public WalListenerObservationContext(String slotName, String listenerId, List<ChangeEvent> events,
			boolean transaction) {
		this.slotName = slotName;
		this.listenerId = listenerId;
		this.events = events;
		this.transaction = transaction;
	}

	/**
	 * Returns the slot the events come from.
	 * @return the slot's name
	 */
	public String getSlotName() {
		return this.slotName;
	}

	/**
	 * Returns the listener's id.
	 * @return the id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * Returns the events the listener is given.
	 * @return one event, or a transaction's events
	 */
	public List<ChangeEvent> getEvents() {
		return this.events;
	}

	/**
	 * Whether the listener receives whole transactions.
	 * @return {@code true} for a transaction listener
	 */
	public boolean isTransaction() {
		return this.transaction;
	}

}
