package dev.walstream.error;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Spilling a large transaction's changes to local disk failed: the spill directory could not be
 * created, a spill file could not be created, written, truncated or read back (a full disk, a
 * read-only or missing directory, a file that ended early). Names the file or directory and the
 * transaction. The changes are never silently dropped: the transaction the error concerns cannot be
 * delivered, and the stream must fail without acknowledging it.
 *
 * <p>Retryable: after a reconnect the server sends every unacknowledged transaction again, and by
 * then space may have been freed. A directory that can never be written fails again on every
 * attempt, so retries stay bounded by the stream's retry settings.
 *
 * @since 0.1.0
 */
public class SpillException extends ReplicationException {

	private static final long serialVersionUID = 1L;

	// a String, not a Path: exceptions are Serializable and Path implementations are not
	private final String path;

	private final long xid;

	/**
	 * Creates an exception for a spill file or directory.
	 * @param message what went wrong, naming the file and the transaction
	 * @param path the spill file, or the spill directory when no file could be created
	 * @param xid the id of the transaction whose changes were being spilled or read
	 * @param cause the underlying failure, if any
	 */
	public SpillException(String message, Path path, long xid, @Nullable Throwable cause) {
		super(message, cause);
		this.path = path.toString();
		this.xid = xid;
	}

	/**
	 * Returns the spill file, or the spill directory when no file could be created.
	 * @return the path
	 */
	public Path getPath() {
		return Path.of(this.path);
	}

	/**
	 * Returns the id of the transaction whose changes were being spilled or read.
	 * @return the top-level transaction id, an unsigned 32-bit number
	 */
	public long getXid() {
		return this.xid;
	}

	@Override
	public boolean isRetryable() {
		return true;
	}

}
