package dev.walstream.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.walstream.stream.SslMode;
import dev.walstream.stream.StreamingMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of walstream: where to connect, which slot and publications to stream, and how
 * listeners are retried.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("walstream")
public class WalstreamProperties {

	/**
	 * Whether walstream streams changes to @WalListener methods.
	 */
	private boolean enabled = true;

	/**
	 * Whether streaming starts when the application starts.
	 */
	private boolean autoStartup = true;

	/**
	 * Version of the pgoutput protocol, 1 to 4. By default, the highest the server supports.
	 */
	private @Nullable Integer protocolVersion;

	/**
	 * How the server sends large transactions: 'off' after they commit, 'on' while they run (walstream
	 * assembles them and delivers them at commit), 'parallel' interleaved (PostgreSQL 16+).
	 */
	private StreamingMode streaming = StreamingMode.ON;

	/**
	 * Whether column values are sent in binary format (PostgreSQL 14+).
	 */
	private boolean binary;

	/**
	 * Whether logical decoding messages written with pg_logical_emit_message are delivered
	 * (PostgreSQL 14+).
	 */
	private boolean messages = true;

	/**
	 * Which transactions to receive by origin: 'any', or 'none' for only those made on this server
	 * (PostgreSQL 16+). By default, the server's default.
	 */
	private @Nullable String origin;

	/**
	 * How often a status update is sent to the server when nothing else prompts one.
	 */
	private Duration feedbackInterval = Duration.ofSeconds(10);

	/**
	 * How long the server may stay silent before the connection is considered dead and re-established.
	 */
	private Duration serverTimeout = Duration.ofSeconds(60);

	/**
	 * How often the slot's state is checked over a normal connection.
	 */
	private Duration healthCheckInterval = Duration.ofSeconds(30);

	/**
	 * How long shutdown waits for the event at hand to be handled; after it, the listener is
	 * interrupted and its transaction left unacknowledged. Keep it below
	 * spring.lifecycle.timeout-per-shutdown-phase (30s by default) so that the connection is closed
	 * with the last acknowledgement before Spring moves on.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(25);

	/**
	 * Longest message accepted from the server; a longer one stops streaming, not retried, before it
	 * is allocated. The default is above anything PostgreSQL sends; a smaller limit also bounds the
	 * memory one change may take.
	 */
	private DataSize maxMessageSize = DataSize.ofMegabytes(1025);

	private final Connection connection = new Connection();

	private final Slot slot = new Slot();

	private final Publication publication = new Publication();

	private final Retry retry = new Retry();

	private final Spill spill = new Spill();

	private final Listener listener = new Listener();

	private final Heartbeat heartbeat = new Heartbeat();

	private final Health health = new Health();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	public @Nullable Integer getProtocolVersion() {
		return this.protocolVersion;
	}

	public void setProtocolVersion(@Nullable Integer protocolVersion) {
		this.protocolVersion = protocolVersion;
	}

	public StreamingMode getStreaming() {
		return this.streaming;
	}

	public void setStreaming(StreamingMode streaming) {
		this.streaming = streaming;
	}

	public boolean isBinary() {
		return this.binary;
	}

	public void setBinary(boolean binary) {
		this.binary = binary;
	}

	public boolean isMessages() {
		return this.messages;
	}

	public void setMessages(boolean messages) {
		this.messages = messages;
	}

	public @Nullable String getOrigin() {
		return this.origin;
	}

	public void setOrigin(@Nullable String origin) {
		this.origin = origin;
	}

	public Duration getFeedbackInterval() {
		return this.feedbackInterval;
	}

	public void setFeedbackInterval(Duration feedbackInterval) {
		this.feedbackInterval = feedbackInterval;
	}

	public Duration getServerTimeout() {
		return this.serverTimeout;
	}

	public void setServerTimeout(Duration serverTimeout) {
		this.serverTimeout = serverTimeout;
	}

	public Duration getHealthCheckInterval() {
		return this.healthCheckInterval;
	}

	public void setHealthCheckInterval(Duration healthCheckInterval) {
		this.healthCheckInterval = healthCheckInterval;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public Connection getConnection() {
		return this.connection;
	}

	public Slot getSlot() {
		return this.slot;
	}

	public Publication getPublication() {
		return this.publication;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Spill getSpill() {
		return this.spill;
	}

	public Listener getListener() {
		return this.listener;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * Where to connect. Whatever is not set here comes from the application's JDBC connection
	 * (spring.datasource.*, or a @ServiceConnection container).
	 */
	public static class Connection {

		/**
		 * JDBC URL of the database, such as jdbc:postgresql://db.example.com:5432/shop. Takes the place
		 * of host, port and database.
		 */
		private @Nullable String url;

		/**
		 * Host name or address of the server.
		 */
		private @Nullable String host;

		/**
		 * TCP port of the server.
		 */
		private @Nullable Integer port;

		/**
		 * Name of the database.
		 */
		private @Nullable String database;

		/**
		 * Login role; it needs the REPLICATION attribute.
		 */
		private @Nullable String username;

		/**
		 * Login password.
		 */
		private @Nullable String password;

		/**
		 * TLS mode. By default, 'prefer' for this machine and 'verify-full' for any other host.
		 */
		private @Nullable SslMode sslMode;

		/**
		 * File of trusted CA certificates, in PEM format.
		 */
		private @Nullable String sslRootCert;

		/**
		 * Client certificate file.
		 */
		private @Nullable String sslCert;

		/**
		 * Client key file.
		 */
		private @Nullable String sslKey;

		/**
		 * Application name shown in pg_stat_activity and pg_stat_replication.
		 */
		private String applicationName = "walstream";

		/**
		 * How long to wait for a connection to be established: for the TCP connect, and again for the
		 * whole login, so that a server that accepts connections but never answers cannot hold a
		 * login.
		 */
		private Duration connectTimeout = Duration.ofSeconds(10);

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public @Nullable String getHost() {
			return this.host;
		}

		public void setHost(@Nullable String host) {
			this.host = host;
		}

		public @Nullable Integer getPort() {
			return this.port;
		}

		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

		public @Nullable String getDatabase() {
			return this.database;
		}

		public void setDatabase(@Nullable String database) {
			this.database = database;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public @Nullable SslMode getSslMode() {
			return this.sslMode;
		}

		public void setSslMode(@Nullable SslMode sslMode) {
			this.sslMode = sslMode;
		}

		public @Nullable String getSslRootCert() {
			return this.sslRootCert;
		}

		public void setSslRootCert(@Nullable String sslRootCert) {
			this.sslRootCert = sslRootCert;
		}

		public @Nullable String getSslCert() {
			return this.sslCert;
		}

		public void setSslCert(@Nullable String sslCert) {
			this.sslCert = sslCert;
		}

		public @Nullable String getSslKey() {
			return this.sslKey;
		}

		public void setSslKey(@Nullable String sslKey) {
			this.sslKey = sslKey;
		}

		public String getApplicationName() {
			return this.applicationName;
		}

		public void setApplicationName(String applicationName) {
			this.applicationName = applicationName;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

	}

	/**
	 * The logical replication slot.
	 */
	public static class Slot {

		/**
		 * Name of the logical replication slot: lower-case letters, digits and underscores.
		 */
		private @Nullable String name;

		/**
		 * Whether a missing slot is created.
		 */
		private boolean create = true;

		/**
		 * Whether a created slot is temporary, dropped when the connection closes.
		 */
		private boolean temporary;

		/**
		 * Whether prepared transactions are decoded at PREPARE (PostgreSQL 15+); they are still
		 * delivered when they commit.
		 */
		private boolean twoPhase;

		/**
		 * Whether a created slot is synchronised to physical standbys (PostgreSQL 17+).
		 */
		private boolean failover;

		/**
		 * How often an instance waiting while another one streams from the slot checks whether the
		 * slot is free.
		 */
		private Duration standbyInterval = Duration.ofSeconds(2);

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public boolean isCreate() {
			return this.create;
		}

		public void setCreate(boolean create) {
			this.create = create;
		}

		public boolean isTemporary() {
			return this.temporary;
		}

		public void setTemporary(boolean temporary) {
			this.temporary = temporary;
		}

		public boolean isTwoPhase() {
			return this.twoPhase;
		}

		public void setTwoPhase(boolean twoPhase) {
			this.twoPhase = twoPhase;
		}

		public boolean isFailover() {
			return this.failover;
		}

		public void setFailover(boolean failover) {
			this.failover = failover;
		}

		public Duration getStandbyInterval() {
			return this.standbyInterval;
		}

		public void setStandbyInterval(Duration standbyInterval) {
			this.standbyInterval = standbyInterval;
		}

	}

	/**
	 * The publications whose tables are streamed.
	 */
	public static class Publication {

		/**
		 * Names of the publications to stream.
		 */
		private List<String> names = new ArrayList<>();

		/**
		 * Whether missing publications are created.
		 */
		private boolean create;

		/**
		 * Tables of created publications, as 'table' or 'schema.table'. By default, all tables, which
		 * needs a superuser.
		 */
		private List<String> tables = new ArrayList<>();

		public List<String> getNames() {
			return this.names;
		}

		public void setNames(List<String> names) {
			this.names = names;
		}

		public boolean isCreate() {
			return this.create;
		}

		public void setCreate(boolean create) {
			this.create = create;
		}

		public List<String> getTables() {
			return this.tables;
		}

		public void setTables(List<String> tables) {
			this.tables = tables;
		}

	}

	/**
	 * How the connection is re-established after a transient failure.
	 */
	public static class Retry {

		/**
		 * Most reconnection attempts in a row, or 0 for no limit.
		 */
		private int maxAttempts;

		/**
		 * Delay before the first reconnection attempt.
		 */
		private Duration initialDelay = Duration.ofMillis(500);

		/**
		 * Longest delay between reconnection attempts.
		 */
		private Duration maxDelay = Duration.ofSeconds(30);

		/**
		 * Factor applied to the delay after each attempt, at least 1.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest time to keep trying since the failure, or 0 for no limit.
		 */
		private Duration maxDuration = Duration.ZERO;

		/**
		 * Fraction, 0 to 1, of each delay that is random, so that many consumers do not reconnect in
		 * lock-step.
		 */
		private double jitter = 0.2;

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxDuration() {
			return this.maxDuration;
		}

		public void setMaxDuration(Duration maxDuration) {
			this.maxDuration = maxDuration;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

	}

	/**
	 * Where large transactions wait for their commit.
	 */
	public static class Spill {

		/**
		 * Directory large uncommitted transactions are spilled to. By default, walstream-spill in the
		 * temporary directory.
		 */
		private @Nullable Path directory;

		/**
		 * Memory held by uncommitted transactions before the largest is spilled to disk.
		 */
		private DataSize threshold = DataSize.ofMegabytes(64);

		public @Nullable Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(@Nullable Path directory) {
			this.directory = directory;
		}

		public DataSize getThreshold() {
			return this.threshold;
		}

		public void setThreshold(DataSize threshold) {
			this.threshold = threshold;
		}

	}

	/**
	 * How @WalListener methods that throw are handled.
	 */
	public static class Listener {

		/**
		 * What happens once a failing listener's retries are spent, unless a WalListenerErrorHandler
		 * bean decides.
		 */
		private ErrorHandling errorHandling = ErrorHandling.STOP;

		/**
		 * Whether each listener call is a Micrometer Observation (timed, and traced when a tracer is
		 * present), when the application has an ObservationRegistry.
		 */
		private boolean observationEnabled;

		private final ListenerRetry retry = new ListenerRetry();

		public ErrorHandling getErrorHandling() {
			return this.errorHandling;
		}

		public void setErrorHandling(ErrorHandling errorHandling) {
			this.errorHandling = errorHandling;
		}

		public boolean isObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
		}

		public ListenerRetry getRetry() {
			return this.retry;
		}

	}

	/**
	 * Heartbeats, for databases whose published tables are quiet while other databases on the same
	 * server write.
	 */
	public static class Heartbeat {

		/**
		 * How often a heartbeat message (pg_logical_emit_message, not delivered to listeners) is
		 * written while the stream receives nothing, so that the slot keeps advancing. 0 turns
		 * heartbeats off.
		 */
		private Duration interval = Duration.ZERO;

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * When the walstream health indicator reports DOWN because of lag.
	 */
	public static class Health {

		/**
		 * Time lag beyond which the health is DOWN. By default, none.
		 */
		private @Nullable Duration maxLag;

		/**
		 * WAL lag, the server's end of WAL minus the confirmed position, beyond which the health is
		 * DOWN. By default, none.
		 */
		private @Nullable DataSize maxLagSize;

		public @Nullable Duration getMaxLag() {
			return this.maxLag;
		}

		public void setMaxLag(@Nullable Duration maxLag) {
			this.maxLag = maxLag;
		}

		public @Nullable DataSize getMaxLagSize() {
			return this.maxLagSize;
		}

		public void setMaxLagSize(@Nullable DataSize maxLagSize) {
			this.maxLagSize = maxLagSize;
		}

	}

	/**
	 * How a failing listener is retried before the error handler decides.
	 */
	public static class ListenerRetry {

		/**
		 * Most retries after the first failure; 0 hands the failure to the error handler at once.
		 */
		private int maxRetries = 2;

		/**
		 * Delay before the first retry.
		 */
		private Duration delay = Duration.ofSeconds(1);

		/**
		 * Factor applied to the delay after each retry, at least 1.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest delay between retries.
		 */
		private Duration maxDelay = Duration.ofSeconds(10);

		/**
		 * Largest random amount by which each delay is lengthened or shortened.
		 */
		private Duration jitter = Duration.ZERO;

		public int getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
		}

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(Duration jitter) {
			this.jitter = jitter;
		}

	}

	/**
	 * What happens once a failing listener's retries are spent.
	 */
	public enum ErrorHandling {

		/**
		 * Log the failure and stop streaming without acknowledging the transaction, which is delivered
		 * again when streaming restarts.
		 */
		STOP,

		/**
		 * Log the failure and go on with the next event; the transaction is acknowledged.
		 */
		SKIP

	}

}
