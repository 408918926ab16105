package dev.walstream.spring.listener;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.event.Operation;

/**
 * One listener as the runner sees it: which events it wants, whether it takes single events or
 * whole transactions, and the code to call. Created by the annotation post-processor for each
 * {@link dev.walstream.spring.annotation.WalListener @WalListener} method, or directly for
 * listeners registered programmatically.
 *
 * @since 0.1.0
 */
public final class WalListenerEndpoint {

	/** The operations a listener may ask for. */
	public static final Set<Operation> SUPPORTED_OPERATIONS = Collections.unmodifiableSet(EnumSet.of(Operation.INSERT, Operation.UPDATE,
			Operation.DELETE, Operation.TRUNCATE, Operation.MESSAGE));

	/** The operations a listener receives when it names none. */
	public static final Set<Operation> DEFAULT_OPERATIONS = Collections
		.unmodifiableSet(EnumSet.of(Operation.INSERT, Operation.UPDATE, Operation.DELETE));

	private final String id;

	private final TableFilter tables;

	private final Set<Operation> operations;

	private final boolean transactional;

	private final WalListenerInvocable invocable;

	private volatile boolean active;

	// written by the runner's thread only (lazySet: no fence on the hot path), read by monitoring
	private final AtomicLong invocations = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	/**
	 * Creates an endpoint.
	 * @param id the unique id
	 * @param tables the tables it receives
	 * @param operations the operations it receives; empty for {@link #DEFAULT_OPERATIONS}
	 * @param transactional whether it receives whole transactions
	 * @param autoStartup whether it is active from the start
	 * @param invocable the code to call
	 * @throws IllegalArgumentException for a blank id or an operation outside
	 * {@link #SUPPORTED_OPERATIONS}
	 */
	public WalListenerEndpoint(String id, TableFilter tables, Set<Operation> operations, boolean transactional,
			boolean autoStartup, WalListenerInvocable invocable) {
		if (id.isBlank()) {
			throw new IllegalArgumentException("A listener id must not be blank");
		}
		this.id = id;
		this.tables = tables;
		this.operations = effectiveOperations(operations);
		this.transactional = transactional;
		this.invocable = invocable;
		this.active = autoStartup;
	}

	/**
	 * Returns the operations a listener receives when it asks for some.
	 * @param operations what it asks for; empty for {@link #DEFAULT_OPERATIONS}
	 * @return the operations
	 * @throws IllegalArgumentException for an operation outside {@link #SUPPORTED_OPERATIONS}
	 */
	public static Set<Operation> effectiveOperations(Collection<Operation> operations) {
		for (Operation operation : operations) {
			if (!SUPPORTED_OPERATIONS.contains(operation)) {
				throw new IllegalArgumentException("a listener cannot receive " + operation + " events; it may receive "
						+ SUPPORTED_OPERATIONS);
			}
		}
		return operations.isEmpty() ? DEFAULT_OPERATIONS : Collections.unmodifiableSet(EnumSet.copyOf(operations));
	}

	/**
	 * Returns the endpoint's id.
	 * @return the id
	 */
	public String getId() {
		return this.id;
	}

	/**
	 * Returns the tables it receives.
	 * @return the filter
	 */
	public TableFilter getTables() {
		return this.tables;
	}

	/**
	 * Returns the operations it receives.
	 * @return the operations
	 */
	public Set<Operation> getOperations() {
		return this.operations;
	}

	/**
	 * Whether it receives whole transactions rather than single events.
	 * @return {@code true} for whole transactions
	 */
	public boolean isTransactional() {
		return this.transactional;
	}

	/**
	 * Returns the code to call.
	 * @return the invocable
	 */
	public WalListenerInvocable getInvocable() {
		return this.invocable;
	}

	/**
	 * Whether the endpoint receives events now.
	 * @return {@code true} when active
	 */
	public boolean isActive() {
		return this.active;
	}

	/**
	 * Lets the endpoint receive events from the next one on.
	 */
	public void start() {
		this.active = true;
	}

	/**
	 * Stops delivering events to the endpoint: events streamed meanwhile are not kept for it.
	 */
	public void stop() {
		this.active = false;
	}

	/**
	 * Returns how many times the listener was called, retries included.
	 * @return the number of calls
	 */
	public long getInvocationCount() {
		return this.invocations.get();
	}

	/**
	 * Returns how many of the listener's calls threw.
	 * @return the number of failed calls
	 */
	public long getFailureCount() {
		return this.failures.get();
	}

	void recordInvocation(boolean failed) {
		this.invocations.lazySet(this.invocations.get() + 1);
		if (failed) {
			this.failures.lazySet(this.failures.get() + 1);
		}
	}

	/**
	 * Whether an event is one this endpoint receives (ignoring whether it is active).
	 * @param event the event
	 * @return {@code true} if it matches the operations and tables
	 */
	public boolean matches(ChangeEvent event) {
		EventType type = event.eventType();
		if (!this.operations.contains(type.operation())) {
			return false;
		}
		if (type instanceof EventType.TableChange change) {
			return this.tables.matches(change.schema(), change.table());
		}
		if (type instanceof EventType.Truncate truncate) {
			for (String table : truncate.tables()) {
				if (this.tables.matches(table)) {
					return true;
				}
			}
			return false;
		}
		// a message belongs to no table
		return true;
	}

	@Override
	public String toString() {
		return "WalListenerEndpoint[id=" + this.id + ", tables=" + this.tables + ", operations=" + this.operations
				+ ", transactional=" + this.transactional + "]";
	}

}
