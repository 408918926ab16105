package dev.walstream.event;

/**
 * The kind of a {@link ChangeEvent}, for filtering and for metrics.
 *
 * @since 0.1.0
 */
public enum Operation {

	/** A transaction started. */
	BEGIN,

	/** A transaction committed. */
	COMMIT,

	/** A row was inserted. */
	INSERT,

	/** A row was updated. */
	UPDATE,

	/** A row was deleted. */
	DELETE,

	/** Tables were truncated. */
	TRUNCATE,

	/** A logical decoding message was written. */
	MESSAGE,

	/** A table's definition was seen for the first time, or changed. */
	RELATION,

	/** A transaction was prepared for two-phase commit (only when prepared transactions are delivered). */
	PREPARE,

	/** A prepared transaction committed (only when prepared transactions are delivered). */
	COMMIT_PREPARED,

	/** A prepared transaction was rolled back (only when prepared transactions are delivered). */
	ROLLBACK_PREPARED

}
