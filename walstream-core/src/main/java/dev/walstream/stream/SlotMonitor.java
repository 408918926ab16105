package dev.walstream.stream;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Reads the slot's state from the server on the health-check interval, and writes heartbeats while
 * the stream is idle, over a normal connection of its own. Runs on the stream's feedback thread;
 * a failure is recorded in the health, never thrown: the stream's own connection decides whether
 * the stream is broken.
 */
final class SlotMonitor implements AutoCloseable {

	/** Administrator shutdown (the connection was terminated), and "the database system is shutting down". */
	private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P03");

	private final ConnectionConfig connectionConfig;

	private final String slotName;

	private final int majorVersion;

	private final long healthIntervalNanos;

	private final long heartbeatIntervalNanos;

	private final Duration queryTimeout;

	private @Nullable Connection connection;

	private volatile @Nullable SlotHealth health;

	private long lastCheckNanos;

	private long lastHeartbeatNanos;

	SlotMonitor(ConnectionConfig connectionConfig, String slotName, int majorVersion, Duration healthInterval,
			Duration heartbeatInterval, Duration queryTimeout) {
		this.connectionConfig = connectionConfig;
		this.slotName = slotName;
		this.majorVersion = majorVersion;
		this.healthIntervalNanos = healthInterval.toNanos();
		this.heartbeatIntervalNanos = heartbeatInterval.toNanos();
		this.queryTimeout = queryTimeout;
		this.lastCheckNanos = System.nanoTime() - this.healthIntervalNanos;
		this.lastHeartbeatNanos = System.nanoTime();
	}

	/**
	 * Checks the slot and writes a heartbeat when they are due.
	 * @param idleNanos how long the stream has received nothing
	 */
	void tick(long idleNanos) {
		long now = System.nanoTime();
		boolean checkDue = now - this.lastCheckNanos >= this.healthIntervalNanos;
		boolean heartbeatDue = this.heartbeatIntervalNanos > 0 && idleNanos >= this.heartbeatIntervalNanos
				&& now - this.lastHeartbeatNanos >= this.heartbeatIntervalNanos;
		if (!checkDue && !heartbeatDue) {
			return;
		}
		try {
			ServerCatalog catalog = new ServerCatalog(connection());
			if (heartbeatDue) {
				this.lastHeartbeatNanos = now;
				catalog.emitHeartbeat(this.slotName);
			}
			if (checkDue) {
				this.lastCheckNanos = now;
				this.health = catalog.slotHealth(this.slotName, this.majorVersion);
			}
		}
		catch (SQLException | RuntimeException ex) {
			this.lastCheckNanos = now;
			this.health = SlotHealth.failed(ErrorClassifier.describe(ex));
			close();
		}
	}

	/**
	 * Asks the server whether it is shutting down: a fast shutdown terminates this connection
	 * ({@code 57P01}) and refuses new ones ({@code 57P03}). A connection terminated by an
	 * administrator answers the same, which costs the caller at most a needless reconnection.
	 * @return {@code true} if the server said so; {@code false} if it answered, or failed otherwise
	 * (the next call then opens a new connection)
	 */
	boolean isServerShuttingDown() {
		try (Statement statement = connection().createStatement()) {
			statement.execute("SELECT 1");
			return false;
		}
		catch (SQLException ex) {
			close();
			return SHUTDOWN_STATES.contains(ex.getSQLState());
		}
	}

	private Connection connection() throws SQLException {
		Connection current = this.connection;
		if (current == null || current.isClosed()) {
			current = ReplicationConnection.connect(this.connectionConfig, false);
			current.setAutoCommit(true);
			// a query on a dead connection gives up instead of holding the stream's feedback thread
			current.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, this.queryTimeout.toMillis()));
			this.connection = current;
		}
		return current;
	}

	@Nullable SlotHealth health() {
		return this.health;
	}

	@Override
	public void close() {
		Connection current = this.connection;
		this.connection = null;
		if (current != null) {
			ReplicationConnection.closeQuietly(current);
		}
	}

}
