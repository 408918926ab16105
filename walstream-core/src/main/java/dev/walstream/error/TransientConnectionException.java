package dev.walstream.error;

import org.jspecify.annotations.Nullable;

/**
 * A connection failure that may heal by itself: the connection dropped or was refused, the server
 * restarted, a host name did not resolve (DNS during a fail-over)
 * or the walsender was terminated. Retried with back-off.
 *
 * @since 0.1.0
 */
public class TransientConnectionException extends ReplicationException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message and an optional cause.
	 * @param message what went wrong, in words a user can act on
	 * @param cause the underlying failure, if any
	 */
	public TransientConnectionException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	/**
	 * Creates an exception with a message.
	 * @param message what went wrong, in words a user can act on
	 */
	public TransientConnectionException(String message) {
		super(message);
	}

	@Override
	public boolean isRetryable() {
		return true;
	}

}
