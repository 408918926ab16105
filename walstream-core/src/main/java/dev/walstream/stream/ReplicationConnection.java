package dev.walstream.stream;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.walstream.wire.LengthCheckingSocketFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyDual;

/**
 * A logical replication connection ({@code replication=database}) and its CopyBoth stream, on
 * pgjdbc's public copy API. walstream reads and writes the replication frames itself rather than
 * through {@code PGReplicationStream}: so it owns every status update (nothing is flushed behind
 * its back), can ask the server for a reply to detect a dead connection, and sees the server's end
 * of WAL.
 *
 * <p>Reads never block. All I/O goes through one lock, so that a feedback thread can send status
 * updates while the reading thread is busy elsewhere.
 */
final class ReplicationConnection implements AutoCloseable {

	private static final Executor DIRECT = Runnable::run;

	private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

	private static final String SOCKET_FACTORY = "socketFactory";

	private final Connection connection;

	private final ReentrantLock ioLock = new ReentrantLock();

	private @Nullable CopyDual copy;

	private ReplicationConnection(Connection connection) {
		this.connection = connection;
	}

	/**
	 * Opens a replication connection. The password goes to the driver only.
	 * @param config the connection settings
	 * @param replication whether to open a replication connection or a normal one
	 * @return the connection
	 * @throws SQLException if the driver cannot connect
	 */
	static Connection connect(ConnectionConfig config, boolean replication) throws SQLException {
		return connect(config, config.driverPropertiesForConnection(replication));
	}

	private static Connection connect(ConnectionConfig config, Properties properties) throws SQLException {
		// pgjdbc allocates every message whole at the length the server announces: the socket checks
		// that length first. A socketFactory of the user's own is kept, and then nothing is checked
		properties.putIfAbsent(SOCKET_FACTORY, LengthCheckingSocketFactory.class.getName());
		// the driver directly, not DriverManager, whose log may print the URL and properties
		Connection connection = new Driver().connect(config.jdbcUrl(), properties);
		if (connection == null) {
			throw new SQLException("pgjdbc did not accept the URL " + config.jdbcUrl());
		}
		return connection;
	}

	/**
	 * Opens a replication connection whose reads give up after {@code readTimeout}. Polling never
	 * blocks, but once the first byte of a message has arrived pgjdbc reads the rest of it, and the
	 * login, in blocking reads: without a socket timeout, a network that stalls in the middle of a
	 * message (or of the login) would hold the reading thread, and with it every status update and
	 * {@code close()}, for as long as the operating system keeps the dead connection.
	 * @param config the connection settings
	 * @param readTimeout the longest a blocking read may wait, unless {@code socketTimeout} is
	 * configured as a driver property
	 * @return the connection
	 * @throws SQLException if the driver cannot connect
	 */
	static ReplicationConnection open(ConnectionConfig config, Duration readTimeout) throws SQLException {
		Properties properties = config.driverPropertiesForConnection(true);
		long seconds = Math.max(1, (readTimeout.toMillis() + 999) / 1000);
		properties.putIfAbsent("socketTimeout", Long.toString(seconds));
		return new ReplicationConnection(connect(config, properties));
	}

	/**
	 * Runs a replication command that returns nothing of interest, such as
	 * {@code CREATE_REPLICATION_SLOT}.
	 * @param command the command
	 * @throws SQLException if the server rejects it
	 */
	void execute(String command) throws SQLException {
		try (Statement statement = this.connection.createStatement()) {
			statement.execute(command);
		}
	}

	/**
	 * Starts streaming.
	 * @param startReplicationCommand the {@code START_REPLICATION} command
	 * @throws SQLException if the server refuses
	 */
	void start(String startReplicationCommand) throws SQLException {
		this.copy = this.connection.unwrap(PGConnection.class).getCopyAPI().copyDual(startReplicationCommand);
		if (this.copy == null) {
			throw new SQLException("The server did not start a CopyBoth stream for START_REPLICATION");
		}
	}

	/**
	 * Returns the next CopyData payload if one has arrived, without waiting.
	 * @return the frame's bytes, or {@code null} when nothing is pending
	 * @throws SQLException if the connection failed or the server ended the stream with an error
	 */
	byte @Nullable [] poll() throws SQLException {
		this.ioLock.lock();
		try {
			return requireCopy().readFromCopy(false);
		}
		finally {
			this.ioLock.unlock();
		}
	}

	/**
	 * Sends a frame, such as a standby status update, and flushes it.
	 * @param frame the frame's bytes
	 * @throws SQLException if the connection failed
	 */
	void send(ByteBuffer frame) throws SQLException {
		byte[] bytes = new byte[frame.remaining()];
		frame.get(frame.position(), bytes);
		this.ioLock.lock();
		try {
			CopyDual dual = requireCopy();
			dual.writeToCopy(bytes, 0, bytes.length);
			dual.flushCopy();
		}
		finally {
			this.ioLock.unlock();
		}
	}

	/**
	 * Sends a frame unless another thread is doing I/O right now.
	 * @param frame the frame's bytes
	 * @return whether it was sent
	 * @throws SQLException if the connection failed
	 */
	boolean trySend(ByteBuffer frame) throws SQLException {
		if (!this.ioLock.tryLock()) {
			return false;
		}
		try {
			send(frame);
			return true;
		}
		finally {
			this.ioLock.unlock();
		}
	}

	/**
	 * Sends a frame unless another thread does I/O for longer than {@code wait}.
	 * @param frame the frame's bytes
	 * @param wait how long to wait for the other thread
	 * @return whether it was sent
	 * @throws SQLException if the connection failed
	 */
	boolean trySend(ByteBuffer frame, Duration wait) throws SQLException {
		if (!lockWithin(wait)) {
			return false;
		}
		try {
			send(frame);
			return true;
		}
		finally {
			this.ioLock.unlock();
		}
	}

	private boolean lockWithin(Duration wait) {
		try {
			return this.ioLock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private CopyDual requireCopy() throws SQLException {
		CopyDual dual = this.copy;
		if (dual == null || !dual.isActive()) {
			throw new SQLException("The replication stream is not active", "08003");
		}
		return dual;
	}

	/**
	 * Ends the stream and closes the connection, waiting at most a few seconds for the server. If
	 * another thread is stuck in I/O on it, aborts the connection instead, which wakes that thread.
	 */
	@Override
	public void close() {
		if (!lockWithin(CLOSE_WAIT)) {
			abort();
			return;
		}
		try {
			CopyDual dual = this.copy;
			if (dual != null && dual.isActive() && !this.connection.isClosed()) {
				this.connection.setNetworkTimeout(DIRECT, 5_000);
				dual.endCopy();
			}
		}
		catch (SQLException ex) {
			// the connection is closed below either way; ending the copy is a courtesy to the server
		}
		finally {
			this.copy = null;
			closeQuietly(this.connection);
			this.ioLock.unlock();
		}
	}

	/**
	 * Closes the socket at once, without waiting for anything: for a connection that is known to be
	 * dead.
	 */
	void abort() {
		try {
			this.connection.abort(DIRECT);
		}
		catch (SQLException ex) {
			closeQuietly(this.connection);
		}
	}

	static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// nothing more can be done with a connection that fails to close
		}
	}

}
