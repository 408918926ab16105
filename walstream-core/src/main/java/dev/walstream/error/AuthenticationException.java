package dev.walstream.error;

import org.jspecify.annotations.Nullable;

/**
 * The server rejected the credentials, or the role lacks a right it needs (LOGIN, REPLICATION).
 * Never retried: repeating a wrong password only locks accounts and fills logs.
 *
 * @since 0.1.0
 */
public class AuthenticationException extends ReplicationException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message and an optional cause.
	 * @param message what went wrong, in words a user can act on
	 * @param cause the underlying failure, if any
	 */
	public AuthenticationException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	/**
	 * Creates an exception with a message.
	 * @param message what went wrong, in words a user can act on
	 */
	public AuthenticationException(String message) {
		super(message);
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
