package dev.walstream.testing;

/**
 * How {@link PostgresServer#stop(ShutdownMode)} shuts a server down: the modes of
 * {@code pg_ctl stop -m}.
 *
 * @since 0.1.0
 */
public enum ShutdownMode {

	/**
	 * Wait for every client to disconnect, then shut down cleanly. Hangs while a test still holds a
	 * connection, so tests rarely want it.
	 */
	SMART("smart"),

	/**
	 * Disconnect every client, end walsenders after they sent the shutdown checkpoint, and shut down
	 * cleanly: what a planned server restart looks like to a replication client.
	 */
	FAST("fast"),

	/**
	 * Kill every server process without a checkpoint: a crash. The next start runs crash recovery,
	 * which keeps every committed transaction, unless it was committed with
	 * {@code synchronous_commit=off}.
	 */
	IMMEDIATE("immediate");

	private final String pgCtlName;

	ShutdownMode(String pgCtlName) {
		this.pgCtlName = pgCtlName;
	}

	/**
	 * Return the name {@code pg_ctl stop -m} takes.
	 * @return the mode's name, such as {@code fast}
	 */
	String pgCtlName() {
		return this.pgCtlName;
	}

}
