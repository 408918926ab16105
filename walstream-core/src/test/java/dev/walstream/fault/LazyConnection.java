package dev.walstream.fault;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

import dev.walstream.testing.PostgresServer;
import org.jspecify.annotations.Nullable;

/**
 * A writer's JDBC connection that survives the server going away: opened on first use, dropped
 * when a statement on it fails, and opened again on the next use. Used by one thread.
 */
final class LazyConnection implements AutoCloseable {

	private final Supplier<PostgresServer> server;

	private final String database;

	private final boolean autoCommit;

	private @Nullable Connection connection;

	/**
	 * Creates a connection that opens when first used.
	 * @param server the server to open the next connection to, asked at each opening so that a
	 * writer can follow a failover
	 * @param database the database
	 * @param autoCommit whether each statement commits by itself
	 */
	LazyConnection(Supplier<PostgresServer> server, String database, boolean autoCommit) {
		this.server = server;
		this.database = database;
		this.autoCommit = autoCommit;
	}

	/**
	 * Returns the open connection, opening one if there is none.
	 * @return the connection
	 * @throws SQLException if the server cannot be reached
	 */
	Connection get() throws SQLException {
		Connection current = this.connection;
		if (current == null) {
			current = this.server.get().connect(this.database);
			current.setAutoCommit(this.autoCommit);
			this.connection = current;
		}
		return current;
	}

	/** Closes the connection, for example after a statement on it failed; the next use opens a new one. */
	@Override
	public void close() {
		Connection current = this.connection;
		this.connection = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (SQLException ex) {
				// a broken connection: nothing to close
			}
		}
	}

}
