package dev.walstream.error;

import org.jspecify.annotations.Nullable;

/**
 * A problem with the replication slot itself. Only {@link Reason#ACTIVE_ELSEWHERE} is retryable: a
 * standby instance waits for the active consumer to let go of the slot.
 *
 * @since 0.1.0
 */
public class SlotException extends ReplicationException {

	private static final long serialVersionUID = 1L;

	private final String slotName;

	private final Reason reason;

	/**
	 * Creates an exception for a slot.
	 * @param slotName the slot's name
	 * @param reason what is wrong with it
	 * @param message what went wrong, in words a user can act on
	 * @param cause the underlying failure, if any
	 */
	public SlotException(String slotName, Reason reason, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.slotName = slotName;
		this.reason = reason;
	}

	/**
	 * Returns the slot's name.
	 * @return the slot name
	 */
	public String getSlotName() {
		return this.slotName;
	}

	/**
	 * Returns what is wrong with the slot.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	@Override
	public boolean isRetryable() {
		return this.reason == Reason.ACTIVE_ELSEWHERE;
	}

	/**
	 * What is wrong with a slot.
	 */
	public enum Reason {

		/** The slot does not exist and creating it was not allowed. */
		NOT_FOUND,

		/** Another process streams from the slot; it may let go later. */
		ACTIVE_ELSEWHERE,

		/**
		 * The server removed WAL the slot still needed ({@code wal_status = 'lost'}, or the slot was
		 * invalidated): changes were lost on the server and the slot must be re-created deliberately.
		 */
		INVALIDATED,

		/** The slot exists but cannot be used as configured (another plugin, a physical slot...). */
		INCOMPATIBLE

	}

}
