package dev.walstream.error;

import org.jspecify.annotations.Nullable;

/**
 * The root of walstream's unchecked exceptions. Each subclass says whether retrying the operation
 * (for example reconnecting) can succeed.
 *
 * @since 0.1.0
 */
public class ReplicationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message and an optional cause.
	 * @param message what went wrong, in words a user can act on
	 * @param cause the underlying failure, if any
	 */
	public ReplicationException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	/**
	 * Creates an exception with a message.
	 * @param message what went wrong, in words a user can act on
	 */
	public ReplicationException(String message) {
		super(message);
	}

	/**
	 * Whether the failed operation may succeed when retried. Only transient conditions (a dropped
	 * connection, a server restart, a slot held by another consumer) are retryable.
	 * @return {@code false} unless a subclass says otherwise
	 */
	public boolean isRetryable() {
		return false;
	}

}
