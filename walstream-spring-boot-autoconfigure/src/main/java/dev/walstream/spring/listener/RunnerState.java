package dev.walstream.spring.listener;

/**
 * What a {@link ReplicationRunner} is doing.
 *
 * @since 0.1.0
 */
public enum RunnerState {

	/** Not started, or stopped. */
	STOPPED,

	/** Connecting to the server, or reconnecting after a transient failure. */
	CONNECTING,

	/**
	 * Waiting while another instance streams from the slot; takes over when the slot is free.
	 */
	STANDBY,

	/** Streaming and dispatching events. */
	STREAMING,

	/** Connected, not dispatching until resumed; the position is kept. */
	PAUSED,

	/**
	 * Stopped by a failure: a listener error the error handler did not skip, or a replication error
	 * that retrying cannot fix. Nothing after the last handled transaction was acknowledged.
	 */
	FAILED

}
