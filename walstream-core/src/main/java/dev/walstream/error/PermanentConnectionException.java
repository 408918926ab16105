package dev.walstream.error;

import org.jspecify.annotations.Nullable;

/**
 * A connection failure that retrying cannot fix: a TLS certificate or host name that does not verify,
 * a missing database, a server that does not support logical replication.
 *
 * @since 0.1.0
 */
public class PermanentConnectionException extends ReplicationException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message and an optional cause.
	 * @param message what went wrong, in words a user can act on
	 * @param cause the underlying failure, if any
	 */
	public PermanentConnectionException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	/**
	 * Creates an exception with a message.
	 * @param message what went wrong, in words a user can act on
	 */
	public PermanentConnectionException(String message) {
		super(message);
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
